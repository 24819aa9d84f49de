/* Applicants: registration with checked numbers, pinyin initials kept in an indexed table,
 * lookup by number, phone, name or initials, and ID masking. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/applicant.h"
#include "core/authz.h"
#include "core/date.h"
#include "core/audit_internal.h"
#include "core/db_internal.h"
#include "core/json.h"
#include "core/org.h"
#include "core/pinyin.h"
#include "core/validate.h"

const char *bm_special_names(unsigned flags, char *buf, size_t n)
{
    static const char *const names[] = {"老年人", "残疾人", "低收入", "留守人员"};
    size_t len = 0;
    if (n)
        buf[0] = '\0';
    for (int i = 0; i < 4 && n; i++)
        if (flags & (1u << i) && len < n)
            len += (size_t)snprintf(buf + len, n - len, "%s%s", len ? " " : "", names[i]);
    return buf;
}

static void read_applicant(bm_stmt *st, void *out)
{
    bm_applicant *a = out;
    memset(a, 0, sizeof *a);
    a->id = bm_col_int64(st, 0);
    a->kind = bm_col_int(st, 1);
    bm_col_text(st, 2, a->name, sizeof a->name);
    bm_col_text(st, 3, a->id_no, sizeof a->id_no);
    bm_col_text(st, 4, a->phone, sizeof a->phone);
    a->village_id = bm_col_int64(st, 5);
    a->group_id = bm_col_int64(st, 6);
    bm_col_text(st, 7, a->village_name, sizeof a->village_name);
    bm_col_text(st, 8, a->group_name, sizeof a->group_name);
    a->flags = (unsigned)bm_col_int(st, 9);
    bm_col_text(st, 10, a->lang, sizeof a->lang);
    bm_col_text(st, 11, a->address, sizeof a->address);
    a->created_at = (time_t)bm_col_int64(st, 12);
    a->updated_at = (time_t)bm_col_int64(st, 13);
}

static int applicant_place(bm_db *db, int64_t village_id, bm_place *p, bm_err *err)
{
    p->centre_id = p->village_id = 0;
    if (village_id <= 0)
        return BM_OK;
    bm_org v;
    int rc = bm_org_get(db, village_id, &v, err);
    if (rc != BM_OK)
        return rc;
    p->centre_id = v.centre_id;
    p->village_id = v.village_id;
    return BM_OK;
}

int bm_applicant_may_see_full_id(bm_db *db, const bm_actor *who, int64_t applicant_id)
{
    if (!who || who->user_id <= 0)
        return 0;
    bm_stmt *st = bm_sql(db, BM_SQL_APPLICANT_HANDLED_BY, NULL);
    if (!st)
        return 0;
    bm_bind_int(st, 1, applicant_id);
    bm_bind_int(st, 2, who->user_id);
    int r = bm_step_row(db, st, NULL);
    if (r == 1)
        bm_stmt_reset(st);
    return r == 1;
}

int bm_applicant_show_id(bm_db *db, const bm_actor *who, int64_t applicant_id, char *id_no,
                         int purpose, const char *where)
{
    if (!id_no[0])
        return 0;
    if (purpose == BM_ID_FOR_WORK && bm_applicant_may_see_full_id(db, who, applicant_id)) {
        char oid[24];
        snprintf(oid, sizeof oid, "%lld", (long long)applicant_id);
        /* Shown in full: the log says who saw it, where. A failure to log does not hide the
         * case from its handler. */
        bm_audit_append(db, who, "personal.view", "applicant", oid, NULL, NULL, where, NULL);
        return 1;
    }
    char m[19];
    bm_id_mask(id_no, m, sizeof m);
    memcpy(id_no, m, sizeof m);
    return 0;
}

static int check_fields(bm_db *db, bm_applicant *a, bm_err *err)
{
    /* Trim the spaces an input field leaves around a name. */
    char *nm = a->name;
    while (*nm == ' ')
        nm++;
    memmove(a->name, nm, strlen(nm) + 1);
    size_t len = strlen(a->name);
    while (len && a->name[len - 1] == ' ')
        a->name[--len] = '\0';
    if (!len)
        return bm_err_at(err, BM_FIELD_NAME,
                         bm_fail(err, BM_EINVALID, N_("The applicant needs a name"), NULL));
    if (strlen(a->name) >= sizeof a->name - 1)
        return bm_err_at(err, BM_FIELD_NAME,
                         bm_fail(err, BM_EINVALID, N_("The name is too long"), NULL));
    if (a->phone[0]) {
        char p[16];
        int rc = bm_phone_check(a->phone, p, sizeof p, NULL, err);
        if (rc != BM_OK)
            return rc;
        memcpy(a->phone, p, sizeof p);
    } else if (a->kind == BM_APPLICANT_PERSON) {
        return bm_err_at(err, BM_FIELD_PHONE,
                         bm_fail(err, BM_EINVALID,
                                 N_("A phone number is needed to reach the applicant"), NULL));
    }
    if (a->village_id > 0) {
        bm_org v;
        int rc = bm_org_get(db, a->village_id, &v, err);
        if (rc != BM_OK)
            return bm_err_at(err, BM_FIELD_VILLAGE, rc);
        if (v.kind != BM_ORG_VILLAGE)
            return bm_err_at(err, BM_FIELD_VILLAGE,
                             bm_fail(err, BM_EINVALID, N_("That unit is not a village"), "%s",
                                     v.code));
    }
    if (a->group_id > 0) {
        bm_org g;
        int rc = bm_org_get(db, a->group_id, &g, err);
        if (rc != BM_OK)
            return bm_err_at(err, BM_FIELD_GROUP, rc);
        if ((g.kind != BM_ORG_GROUP && g.kind != BM_ORG_GRID) || g.parent_id != a->village_id)
            return bm_err_at(err, BM_FIELD_GROUP,
                             bm_fail(err, BM_EINVALID,
                                     N_("The group is not in the applicant's village"), "%s",
                                     g.code));
    }
    if (a->flags & ~0xFu)
        return bm_fail(err, BM_EINVALID, N_("Unknown special-group flag"), NULL);
    if (!a->lang[0])
        bm_strlcpy(a->lang, "zh", sizeof a->lang);
    return BM_OK;
}

static char *applicant_json(const bm_applicant *a)
{
    char masked[19];
    bm_id_mask(a->id_no, masked, sizeof masked);
    bm_json j;
    bm_json_begin(&j);
    bm_json_str(&j, "name", a->name);
    bm_json_str(&j, "id_no", masked);
    bm_json_str(&j, "phone", a->phone);
    bm_json_int(&j, "village", a->village_id);
    bm_json_int(&j, "group", a->group_id);
    bm_json_int(&j, "flags", a->flags);
    bm_json_str(&j, "lang", a->lang);
    bm_json_str(&j, "address", a->address);
    return bm_json_end(&j);
}

static int store_initials(bm_db *db, int64_t id, const char *name, bm_err *err)
{
    bm_stmt *st = bm_sql(db, BM_SQL_APPLICANT_INITIALS_DELETE, err);
    if (!st)
        return BM_EDB;
    bm_bind_int(st, 1, id);
    int rc = bm_step_done(db, st, err);
    char v[BM_INITIALS_MAX][BM_INITIALS_LEN];
    int n = bm_pinyin_initials(name, v, BM_INITIALS_MAX);
    for (int i = 0; rc == BM_OK && i < n; i++) {
        if (!(st = bm_sql(db, BM_SQL_APPLICANT_INITIALS_INSERT, err)))
            return BM_EDB;
        bm_bind_text(st, 1, v[i]);
        bm_bind_int(st, 2, id);
        rc = bm_step_done(db, st, err);
    }
    return rc;
}

int bm_applicant_add(bm_db *db, const bm_actor *who, bm_applicant *a, bm_err *err)
{
    bm_place place;
    int rc = applicant_place(db, a->village_id, &place, err);
    if (rc != BM_OK)
        return rc;
    if ((rc = bm_audit_authz(db, who, BM_ACT_APPLICANT_EDIT, &place, "applicant", "", err)))
        return rc;
    char num[19];
    if (a->kind == BM_APPLICANT_PERSON)
        rc = bm_id_number_check(a->id_no, num, NULL, err);
    else if (a->kind == BM_APPLICANT_LEGAL)
        rc = bm_credit_code_check(a->id_no, num, err);
    else
        rc = bm_err_at(err, BM_FIELD_KIND,
                       bm_fail(err, BM_EINVALID, N_("An applicant is a person or a legal person"),
                               NULL));
    if (rc != BM_OK || (rc = check_fields(db, a, err)) != BM_OK)
        return rc;
    memcpy(a->id_no, num, sizeof num);
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_APPLICANT_INSERT, err);
    if (!st)
        return bm_tx_end(db, BM_EDB, err);
    int64_t now = (int64_t)bm_now();
    bm_bind_int(st, 1, a->kind);
    bm_bind_text(st, 2, a->name);
    bm_bind_text(st, 3, a->id_no);
    bm_bind_text(st, 4, a->phone);
    bm_bind_id(st, 5, a->village_id);
    bm_bind_id(st, 6, a->group_id);
    bm_bind_int(st, 7, a->flags);
    bm_bind_text(st, 8, a->lang);
    bm_bind_text(st, 9, a->address);
    bm_bind_int(st, 10, now);
    rc = bm_step_done(db, st, err);
    if (rc == BM_ECONFLICT && err)
        err->reason = a->kind == BM_APPLICANT_PERSON
                          ? N_("This ID number is already registered")
                          : N_("This credit code is already registered");
    if (rc == BM_OK) {
        a->id = bm_store_last_id(db->store);
        a->created_at = a->updated_at = (time_t)now;
        a->id_masked = 0;
        rc = store_initials(db, a->id, a->name, err);
    }
    if (rc == BM_OK) {
        char oid[24], *after = applicant_json(a);
        snprintf(oid, sizeof oid, "%lld", (long long)a->id);
        rc = bm_audit_append(db, who, "applicant.add", "applicant", oid, NULL, after, NULL, err);
        free(after);
    }
    return bm_tx_end(db, rc, err);
}

static int get_row(bm_db *db, enum bm_sql_id q, int64_t id, const char *id_no, bm_applicant *out,
                   bm_err *err)
{
    bm_stmt *st;
    int r = bm_fetch_one(db, q, id_no, id, &st, err);
    if (r < 0)
        return BM_EDB;
    if (r == 0)
        return bm_fail(err, BM_ENOTFOUND, N_("No such applicant"), NULL);
    read_applicant(st, out);
    bm_stmt_reset(st);
    return BM_OK;
}

int bm_applicant_update(bm_db *db, const bm_actor *who, const bm_applicant *in, bm_err *err)
{
    bm_applicant old, a = *in;
    int rc = get_row(db, BM_SQL_APPLICANT_GET, in->id, NULL, &old, err);
    if (rc != BM_OK)
        return rc;
    bm_place before_place, after_place;
    if ((rc = applicant_place(db, old.village_id, &before_place, err)) ||
        (rc = applicant_place(db, a.village_id, &after_place, err)))
        return rc;
    char oid[24];
    snprintf(oid, sizeof oid, "%lld", (long long)a.id);
    /* Both where the applicant was and where they go must be the actor's to change. */
    if ((rc = bm_audit_authz(db, who, BM_ACT_APPLICANT_EDIT, &before_place, "applicant", oid,
                                err)) ||
        (rc = bm_audit_authz(db, who, BM_ACT_APPLICANT_EDIT, &after_place, "applicant", oid,
                                err)))
        return rc;
    a.kind = old.kind;
    memcpy(a.id_no, old.id_no, sizeof a.id_no);
    if ((rc = check_fields(db, &a, err)) != BM_OK)
        return rc;
    if ((rc = bm_tx_begin(db, err)) != BM_OK)
        return rc;
    bm_stmt *st = bm_sql(db, BM_SQL_APPLICANT_UPDATE, err);
    if (!st)
        return bm_tx_end(db, BM_EDB, err);
    bm_bind_int(st, 1, a.id);
    bm_bind_text(st, 2, a.name);
    bm_bind_text(st, 3, a.phone);
    bm_bind_id(st, 4, a.village_id);
    bm_bind_id(st, 5, a.group_id);
    bm_bind_int(st, 6, a.flags);
    bm_bind_text(st, 7, a.lang);
    bm_bind_text(st, 8, a.address);
    bm_bind_int(st, 9, (int64_t)bm_now());
    rc = bm_step_done(db, st, err);
    if (rc == BM_OK && strcmp(old.name, a.name) != 0)
        rc = store_initials(db, a.id, a.name, err);
    if (rc == BM_OK) {
        char *before = applicant_json(&old), *after = applicant_json(&a);
        rc = bm_audit_append(db, who, "applicant.change", "applicant", oid, before, after, NULL,
                             err);
        free(before);
        free(after);
    }
    return bm_tx_end(db, rc, err);
}

static int check_view(bm_db *db, const bm_actor *who, const bm_applicant *a, bm_err *err)
{
    bm_place p;
    int rc = applicant_place(db, a->village_id, &p, err);
    if (rc != BM_OK)
        return rc;
    char oid[24];
    snprintf(oid, sizeof oid, "%lld", (long long)a->id);
    return bm_audit_authz(db, who, BM_ACT_APPLICANT_VIEW, &p, "applicant", oid, err);
}

int bm_applicant_get(bm_db *db, const bm_actor *who, int64_t id, bm_applicant *out, bm_err *err)
{
    int rc = get_row(db, BM_SQL_APPLICANT_GET, id, NULL, out, err);
    if (rc == BM_OK && (rc = check_view(db, who, out, err)) == BM_OK)
        out->id_masked = !bm_applicant_show_id(db, who, out->id, out->id_no, BM_ID_FOR_WORK,
                                               "applicant");
    if (rc != BM_OK)
        memset(out, 0, sizeof *out);
    return rc;
}

int bm_applicant_by_id_no(bm_db *db, const bm_actor *who, const char *id_no, bm_applicant *out,
                          bm_err *err)
{
    char num[64];
    if (bm_normalise_ascii(id_no, num, sizeof num) != 0)
        return bm_fail(err, BM_ENOTFOUND, N_("No such applicant"), NULL);
    for (char *p = num; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 32);
    int rc = get_row(db, BM_SQL_APPLICANT_BY_IDNO, 0, num, out, err);
    if (rc == BM_OK)
        rc = check_view(db, who, out, err);
    if (rc != BM_OK)
        memset(out, 0, sizeof *out);
    return rc;
}

static int looks_like_number(const char *s)
{
    size_t n = strlen(s);
    if (n != 18)
        return 0;
    for (size_t i = 0; i < 17; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= 'a' && s[i] <= 'z')))
            return 0;
    return 1;
}

static int all_digits_or_dash(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || *s == '-' || *s == '+' || *s == '(' || *s == ')'))
            return 0;
    return 1;
}

int bm_applicant_search(bm_db *db, const bm_actor *who, const char *text, int limit, int offset,
                        int (*each)(const bm_applicant *a, void *ctx), void *ctx, bm_err *err)
{
    /* Clerks, duty staff and supervisors look up anyone in the county (a citizen may go to any
     * centre); agents only the people of their own village. */
    int scope = bm_authz_scope(who, BM_ACT_APPLICANT_VIEW);
    int64_t village_filter = 0;
    int rc;
    if (scope == BM_SCOPE_VILLAGE) {
        bm_place mine;
        if ((rc = bm_actor_place(db, who, &mine, err)) != BM_OK)
            return rc;
        village_filter = mine.village_id;
        if (village_filter <= 0)
            scope = BM_SCOPE_NONE;
    }
    if (scope != BM_SCOPE_ALL && scope != BM_SCOPE_VILLAGE)
        return bm_audit_authz(db, who, BM_ACT_APPLICANT_VIEW, NULL, "", "", err);
    char q[96], hi[100];
    if (!text || bm_normalise_ascii(text, q, sizeof q) != 0 || !q[0])
        return bm_fail(err, BM_EINVALID, N_("Type an ID number, a phone, a name or initials"),
                       NULL);
    enum bm_sql_id sql;
    if (looks_like_number(q)) {
        for (char *p = q; *p; p++)
            if (*p >= 'a' && *p <= 'z')
                *p = (char)(*p - 32);
        sql = BM_SQL_APPLICANT_SEARCH_IDNO;
    } else if (all_digits_or_dash(q)) {
        char p[16];
        if (bm_phone_check(q, p, sizeof p, NULL, NULL) == BM_OK)
            bm_strlcpy(q, p, sizeof q);
        sql = BM_SQL_APPLICANT_BY_PHONE;
    } else if (bm_pinyin_is_query(q)) {
        for (char *p = q; *p; p++)
            *p = (char)(*p | 0x20);
        snprintf(hi, sizeof hi, "%s", q);
        hi[strlen(hi) - 1]++;   /* "zs" .. "zt": every string starting with zs */
        sql = BM_SQL_APPLICANT_BY_INITIALS;
    } else {
        /* A name prefix: strings from q up to q followed by the highest code point. */
        bm_strlcpy(q, text, sizeof q);
        snprintf(hi, sizeof hi, "%s\xF4\x8F\xBF\xBF", q);
        sql = BM_SQL_APPLICANT_BY_NAME;
    }
    bm_stmt *st = bm_sql(db, sql, err);
    if (!st)
        return BM_EDB;
    bm_bind_text(st, 1, q);
    bm_bind_id(st, 2, village_filter);
    bm_bind_int(st, 3, limit > 0 ? limit : 20);
    bm_bind_int(st, 4, offset > 0 ? offset : 0);
    if (sql == BM_SQL_APPLICANT_BY_INITIALS || sql == BM_SQL_APPLICANT_BY_NAME)
        bm_bind_text(st, 5, hi);
    /* Collect the page, then mask and call back (those need other statements). */
    void *rows;
    size_t n;
    if ((rc = bm_collect_rows(db, st, sizeof(bm_applicant), read_applicant, &rows, &n, err)) !=
        BM_OK)
        return rc;
    bm_applicant *page = rows;
    for (size_t i = 0; i < n; i++) {
        page[i].id_masked = !bm_applicant_show_id(db, who, page[i].id, page[i].id_no,
                                                  BM_ID_FOR_LIST, NULL);
        if (each(&page[i], ctx))
            break;
    }
    free(page);
    return BM_OK;
}
