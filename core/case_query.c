/* Cases: reading them back. One case (checked and masked for the actor), its sub-cases,
 * materials and history, the lists (my work, the centre's, search) and their counts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/applicant.h"
#include "core/audit_internal.h"
#include "core/authz.h"
#include "core/calendar.h"
#include "core/case_internal.h"
#include "core/pinyin.h"
#include "core/validate.h"

/* ---- reading ---- */

static void read_case(bm_stmt *st, bm_case *c)
{
    memset(c, 0, sizeof *c);
    int k = 0;
    c->id = bm_col_int64(st, k++);
    bm_col_text(st, k++, c->no, sizeof c->no);
    c->parent_id = bm_col_int64(st, k++);
    c->bundle_id = bm_col_int64(st, k++);
    c->matter_id = bm_col_int64(st, k++);
    bm_col_text(st, k++, c->matter_code, sizeof c->matter_code);
    c->matter_version = bm_col_int(st, k++);
    bm_col_text(st, k++, c->matter_name, sizeof c->matter_name);
    c->nchildren = bm_col_int(st, k++);
    c->applicant_id = bm_col_int64(st, k++);
    bm_col_text(st, k++, c->applicant_name, sizeof c->applicant_name);
    bm_col_text(st, k++, c->applicant_id_no, sizeof c->applicant_id_no);
    c->agent_id = bm_col_int64(st, k++);
    c->channel = bm_col_int(st, k++);
    c->status = bm_col_int(st, k++);
    c->centre_id = bm_col_int64(st, k++);
    c->village_id = bm_col_int64(st, k++);
    c->first_contact_id = bm_col_int64(st, k++);
    bm_col_text(st, k++, c->first_contact_name, sizeof c->first_contact_name);
    c->handler_id = bm_col_int64(st, k++);
    bm_col_text(st, k++, c->handler_name, sizeof c->handler_name);
    c->off_hours = bm_col_int(st, k++);
    c->created_at = (time_t)bm_col_int64(st, k++);
    c->accepted_at = (time_t)bm_col_int64(st, k++);
    c->completed_at = (time_t)bm_col_int64(st, k++);
    bm_col_text(st, k++, c->accepted_day, sizeof c->accepted_day);
    c->promised_days = bm_col_int(st, k++);
    bm_col_text(st, k++, c->deadline, sizeof c->deadline);
    bm_col_text(st, k++, c->paused_since, sizeof c->paused_since);
    c->paused_days = bm_col_int(st, k++);
    bm_col_text(st, k++, c->commit_due, sizeof c->commit_due);
    bm_col_text(st, k++, c->completed_day, sizeof c->completed_day);
    bm_col_text(st, k++, c->result, sizeof c->result);
    bm_col_text(st, k++, c->delivery, sizeof c->delivery);
    bm_col_text(st, k++, c->refuse_reason, sizeof c->refuse_reason);
    bm_col_text(st, k++, c->situations, sizeof c->situations);
    bm_col_text(st, k++, c->note, sizeof c->note);
    c->rating = bm_col_int(st, k++);
    bm_col_text(st, k++, c->rating_channel, sizeof c->rating_channel);
    c->rated_at = (time_t)bm_col_int64(st, k++);
}

/* The row as stored, no permission check, no masking. */
int bm_case_load(bm_db *db, enum bm_sql_id q, int64_t id, const char *no, bm_case *c,
                 bm_err *err)
{
    bm_stmt *st;
    int r = bm_fetch_one(db, q, no, id, &st, err);
    if (r < 0)
        return BM_EDB;
    if (r == 0)
        return bm_fail(err, BM_ENOTFOUND, N_("No such case"), "%s", no ? no : "");
    read_case(st, c);
    bm_stmt_reset(st);
    return BM_OK;
}

void bm_case_oid(const bm_case *c, char oid[24])
{
    snprintf(oid, 24, "%s", c->no);
}

int bm_case_check(bm_db *db, const bm_actor *who, int action, const bm_case *c, bm_err *err)
{
    bm_place p = {c->centre_id, c->village_id};
    char oid[24];
    bm_case_oid(c, oid);
    return bm_audit_authz(db, who, action, &p, "case", oid, err);
}

void bm_case_mask(bm_db *db, const bm_actor *who, bm_case *c)
{
    char where[32];
    snprintf(where, sizeof where, "case %s", c->no);
    bm_applicant_show_id(db, who, c->applicant_id, c->applicant_id_no, BM_ID_FOR_WORK, where);
}

int bm_case_get(bm_db *db, const bm_actor *who, int64_t case_id, bm_case *out, bm_err *err)
{
    int rc = bm_case_load(db, BM_SQL_CASE_GET, case_id, NULL, out, err);
    if (rc == BM_OK && (rc = bm_case_check(db, who, BM_ACT_CASE_VIEW, out, err)) == BM_OK)
        bm_case_mask(db, who, out);
    if (rc != BM_OK)
        memset(out, 0, sizeof *out);
    return rc;
}

int bm_case_get_by_no(bm_db *db, const bm_actor *who, const char *no, bm_case *out, bm_err *err)
{
    char n[32];
    if (bm_normalise_ascii(no, n, sizeof n) != 0)
        return bm_fail(err, BM_ENOTFOUND, N_("No such case"), NULL);
    int rc = bm_case_load(db, BM_SQL_CASE_GET_BY_NO, 0, n, out, err);
    if (rc == BM_OK && (rc = bm_case_check(db, who, BM_ACT_CASE_VIEW, out, err)) == BM_OK)
        bm_case_mask(db, who, out);
    if (rc != BM_OK)
        memset(out, 0, sizeof *out);
    return rc;
}

/* ---- details ---- */

int bm_case_children(bm_db *db, const bm_actor *who, int64_t case_id,
                     int (*each)(const bm_case *c, void *ctx), void *ctx, bm_err *err)
{
    bm_case parent;
    int rc = bm_case_load_checked(db, who, case_id, BM_ACT_CASE_VIEW, &parent, err);
    if (rc != BM_OK)
        return rc;
    int64_t *ids;
    int n;
    if ((rc = bm_case_children_ids(db, case_id, &ids, &n, err)) != BM_OK)
        return rc;
    for (int i = 0; i < n; i++) {
        bm_case k;
        if ((rc = bm_case_load(db, BM_SQL_CASE_GET, ids[i], NULL, &k, err)) != BM_OK)
            break;
        bm_applicant_show_id(db, who, k.applicant_id, k.applicant_id_no, BM_ID_FOR_LIST, NULL);
        if (each(&k, ctx))
            break;
    }
    free(ids);
    return rc;
}

/* A case's own rows (materials, history), once the actor may see the case: q bound to it. */
static int case_rows(bm_db *db, const bm_actor *who, int64_t case_id, enum bm_sql_id q,
                     bm_stmt **st, bm_err *err)
{
    bm_case c;
    int rc = bm_case_load_checked(db, who, case_id, BM_ACT_CASE_VIEW, &c, err);
    if (rc != BM_OK)
        return rc;
    if (!(*st = bm_sql(db, q, err)))
        return BM_EDB;
    bm_bind_int(*st, 1, case_id);
    return BM_OK;
}

static void read_material(bm_stmt *st, bm_case_material *m)
{
    memset(m, 0, sizeof *m);
    m->seq = bm_col_int(st, 1);
    bm_col_text(st, 2, m->material.name, sizeof m->material.name);
    m->material.original = bm_col_int(st, 3);
    m->material.copies = bm_col_int(st, 4);
    m->material.required = bm_col_int(st, 5);
    m->material.commit_ok = bm_col_int(st, 6);
    m->received = bm_col_int(st, 7);
}

/* The texts point into the statement's row: valid until the next step. */
static bm_case_event read_event(bm_stmt *st)
{
    return (bm_case_event){
        .id = bm_col_int64(st, 0),
        .at = (time_t)bm_col_int64(st, 1),
        .user_id = bm_col_int64(st, 2),
        .login = bm_col_str(st, 3),
        .action = bm_col_str(st, 4),
        .from_status = bm_col_int(st, 5),
        .to_status = bm_col_int(st, 6),
        .session = bm_col_str(st, 7),
        .station = bm_col_str(st, 8),
        .note = bm_col_str(st, 9),
    };
}

int bm_case_materials(bm_db *db, const bm_actor *who, int64_t case_id,
                      int (*each)(const bm_case_material *m, void *ctx), void *ctx, bm_err *err)
{
    bm_stmt *st;
    int rc = case_rows(db, who, case_id, BM_SQL_CASE_MATERIALS, &st, err);
    if (rc != BM_OK)
        return rc;
    int r;
    while ((r = bm_step_row(db, st, err)) == 1) {
        bm_case_material m;
        read_material(st, &m);
        if (each(&m, ctx)) {
            bm_stmt_reset(st);
            break;
        }
    }
    return r < 0 ? BM_EDB : BM_OK;
}

int bm_case_history(bm_db *db, const bm_actor *who, int64_t case_id,
                    int (*each)(const bm_case_event *e, void *ctx), void *ctx, bm_err *err)
{
    bm_stmt *st;
    int rc = case_rows(db, who, case_id, BM_SQL_CASE_HISTORY, &st, err);
    if (rc != BM_OK)
        return rc;
    int r;
    while ((r = bm_step_row(db, st, err)) == 1) {
        bm_case_event e = read_event(st);
        if (each(&e, ctx)) {
            bm_stmt_reset(st);
            break;
        }
    }
    return r < 0 ? BM_EDB : BM_OK;
}

/* ---- lists ---- */

struct row_x {
    bm_case_row row;
    int64_t applicant_id;
    int handler_is_me;
    char paused_since[11], completed_day[11];
};

static void read_row(bm_stmt *st, void *out)
{
    struct row_x *x = out;
    memset(x, 0, sizeof *x);
    bm_case_row *r = &x->row;
    r->id = bm_col_int64(st, 0);
    bm_col_text(st, 1, r->no, sizeof r->no);
    r->status = bm_col_int(st, 2);
    r->channel = bm_col_int(st, 3);
    bm_col_text(st, 4, r->applicant_name, sizeof r->applicant_name);
    bm_col_text(st, 5, r->applicant_id_no, sizeof r->applicant_id_no);
    bm_col_text(st, 6, r->matter_name, sizeof r->matter_name);
    r->nchildren = bm_col_int(st, 7);
    bm_col_text(st, 8, r->deadline, sizeof r->deadline);
    bm_col_text(st, 9, r->handler_name, sizeof r->handler_name);
    r->off_hours = bm_col_int(st, 10);
    bm_col_text(st, 11, r->commit_due, sizeof r->commit_due);
    bm_col_text(st, 12, x->paused_since, sizeof x->paused_since);
    bm_col_text(st, 13, x->completed_day, sizeof x->completed_day);
    x->applicant_id = bm_col_int64(st, 14);
    r->handler_id = bm_col_int64(st, 15);
}

static int list_scope(bm_db *db, const bm_actor *who, int kind, bm_place *mine, int *scope,
                      bm_err *err)
{
    *scope = bm_authz_scope(who, BM_ACT_CASE_VIEW);
    int rc = bm_actor_place(db, who, mine, err);
    if (rc != BM_OK)
        return rc;
    int ok;
    switch (kind) {
    case BM_LIST_MINE:
    case BM_LIST_SEARCH:
        ok = *scope != BM_SCOPE_NONE;
        break;
    case BM_LIST_VILLAGE_OPEN:
        ok = *scope != BM_SCOPE_NONE && mine->village_id > 0;
        break;
    case BM_LIST_CENTRE_OPEN:
    case BM_LIST_DUTY_QUEUE:
    case BM_LIST_OVERDUE:
        ok = (*scope == BM_SCOPE_CENTRE || *scope == BM_SCOPE_ALL) && mine->centre_id > 0;
        break;
    default:
        return bm_fail(err, BM_EINVALID, N_("Unknown list"), "%d", kind);
    }
    if (!ok)
        return bm_audit_authz(db, who, BM_ACT_CASE_VIEW, NULL, "", "", err);
    return BM_OK;
}

/* The search a text asks for (see bm_lookup_classify), its key in q and, for prefix searches,
 * the end of the range in hi. */
static enum bm_sql_id search_kind(const char *text, char *q, size_t n, char *hi, size_t hn)
{
    bm_lookup l;
    bm_lookup_classify(text, &l);
    bm_strlcpy(q, l.text, n);
    switch (l.kind) {
    case BM_LOOKUP_CASE_NO:
        return BM_SQL_CASE_LIST_NO;
    case BM_LOOKUP_ID_NUMBER:
    case BM_LOOKUP_CREDIT_CODE:
        return BM_SQL_CASE_LIST_APPLICANT_IDNO;
    case BM_LOOKUP_PHONE:
        return BM_SQL_CASE_LIST_APPLICANT_PHONE;
    case BM_LOOKUP_INITIALS:
        snprintf(hi, hn, "%s", q);
        hi[strlen(hi) - 1]++;
        return BM_SQL_CASE_LIST_APPLICANT_INITIALS;
    default:
        snprintf(hi, hn, "%s\xF4\x8F\xBF\xBF", q);
        return BM_SQL_CASE_LIST_APPLICANT_NAME;
    }
}

int bm_case_list(bm_db *db, const bm_actor *who, const bm_case_query *q,
                 int (*each)(const bm_case_row *r, void *ctx), void *ctx, bm_err *err)
{
    bm_place mine;
    int scope;
    int rc = list_scope(db, who, q->kind, &mine, &scope, err);
    if (rc != BM_OK)
        return rc;
    time_t now = bm_now();
    bm_day today = bm_day_of(now);
    char today_s[11];
    bm_day_format(today, today_s);
    int limit = q->limit > 0 ? q->limit : 20, offset = q->offset > 0 ? q->offset : 0;
    enum bm_sql_id sql;
    char text[96] = "", hi[100] = "";
    int64_t key = 0;
    switch (q->kind) {
    case BM_LIST_MINE:
        sql = who->role == BM_ROLE_AGENT ? BM_SQL_CASE_LIST_AGENT : BM_SQL_CASE_LIST_HANDLER;
        key = who->user_id;
        break;
    case BM_LIST_CENTRE_OPEN: sql = BM_SQL_CASE_LIST_CENTRE_OPEN; key = mine.centre_id; break;
    case BM_LIST_VILLAGE_OPEN: sql = BM_SQL_CASE_LIST_VILLAGE_OPEN; key = mine.village_id; break;
    case BM_LIST_DUTY_QUEUE: sql = BM_SQL_CASE_LIST_DUTY; key = mine.centre_id; break;
    case BM_LIST_OVERDUE: sql = BM_SQL_CASE_LIST_OVERDUE; key = mine.centre_id; break;
    default:
        if (!q->text || !*q->text)
            return bm_fail(err, BM_EINVALID,
                           N_("Type a case number, an ID number, a phone, a name or initials"),
                           NULL);
        sql = search_kind(q->text, text, sizeof text, hi, sizeof hi);
        break;
    }
    bm_stmt *st = bm_sql(db, sql, err);
    if (!st)
        return BM_EDB;
    if (q->kind == BM_LIST_SEARCH) {
        bm_bind_text(st, 1, text);
        bm_bind_id(st, 5, scope == BM_SCOPE_CENTRE ? mine.centre_id : 0);
        bm_bind_id(st, 6, scope == BM_SCOPE_VILLAGE ? mine.village_id : 0);
        if (sql == BM_SQL_CASE_LIST_APPLICANT_INITIALS || sql == BM_SQL_CASE_LIST_APPLICANT_NAME)
            bm_bind_text(st, 7, hi);
        if (scope == BM_SCOPE_VILLAGE && mine.village_id <= 0)
            return bm_audit_authz(db, who, BM_ACT_CASE_VIEW, NULL, "", "", err);
    } else {
        bm_bind_int(st, 1, key);
        if (sql == BM_SQL_CASE_LIST_OVERDUE) {
            bm_bind_text(st, 4, today_s);
            bm_bind_int(st, 5, BM_CASE_CORRECTIONS);
        }
    }
    bm_bind_int(st, 2, limit);
    bm_bind_int(st, 3, offset);
    void *rows;
    size_t n;
    if ((rc = bm_collect_rows(db, st, sizeof(struct row_x), read_row, &rows, &n, err)) != BM_OK)
        return rc;
    struct row_x *page = rows;
    for (size_t i = 0; i < n && rc == BM_OK; i++) {
        bm_case_row *row = &page[i].row;
        bm_case c;
        memset(&c, 0, sizeof c);
        c.status = row->status;
        memcpy(c.deadline, row->deadline, sizeof c.deadline);
        memcpy(c.completed_day, page[i].completed_day, sizeof c.completed_day);
        if ((rc = bm_case_clock(db, &c, today, &row->clock, &row->days_left, err)) != BM_OK)
            break;
        bm_applicant_show_id(db, who, page[i].applicant_id, row->applicant_id_no, BM_ID_FOR_LIST,
                             NULL);
        if (each(row, ctx))
            break;
    }
    free(page);
    return rc;
}

int bm_case_count(bm_db *db, const bm_actor *who, int kind, bm_case_counts *out, bm_err *err)
{
    memset(out, 0, sizeof *out);
    bm_place mine;
    int scope;
    if (kind == BM_LIST_SEARCH)
        return bm_fail(err, BM_EINVALID, N_("Unknown list"), "%d", kind);
    int rc = list_scope(db, who, kind, &mine, &scope, err);
    if (rc != BM_OK)
        return rc;
    bm_day today = bm_day_of(bm_now()), next;
    if ((rc = bm_workdays_add(db, today, 1, &next, NULL, err)) != BM_OK)
        return rc;
    char t[11], nx[11];
    bm_day_format(today, t);
    bm_day_format(next, nx);
    enum bm_sql_id sql;
    int64_t key;
    switch (kind) {
    case BM_LIST_MINE:
        sql = who->role == BM_ROLE_AGENT ? BM_SQL_CASE_COUNT_AGENT : BM_SQL_CASE_COUNT_HANDLER;
        key = who->user_id;
        break;
    case BM_LIST_VILLAGE_OPEN: sql = BM_SQL_CASE_COUNT_VILLAGE; key = mine.village_id; break;
    case BM_LIST_DUTY_QUEUE: sql = BM_SQL_CASE_COUNT_DUTY; key = mine.centre_id; break;
    default: sql = BM_SQL_CASE_COUNT_CENTRE; key = mine.centre_id; break;
    }
    bm_stmt *st = bm_sql(db, sql, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, key);
    bm_bind_text(st, 2, t);
    bm_bind_text(st, 3, nx);
    bm_bind_int(st, 4, BM_CASE_CORRECTIONS);
    int r = bm_step_row(db, st, err);
    if (r < 0)
        return BM_EDB;
    if (r == 1) {
        out->open = bm_col_int(st, 0);
        out->due_soon = bm_col_int(st, 1);
        out->overdue = bm_col_int(st, 2);
        bm_stmt_reset(st);
    }
    if (kind == BM_LIST_OVERDUE)
        out->open = out->overdue;
    return BM_OK;
}
