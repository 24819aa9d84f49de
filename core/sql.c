/* The text of every SQL statement core runs, by name (see sql.h). */
#include "core/sql.h"

#define ORG_COLS "id, code, name, kind, parent_id, centre_id, village_id, phone, lang, " \
                 "office_hours, active"
#define ACCOUNT_COLS "a.id, a.login, a.name, a.role, a.org_id, o.name, a.locked, a.lang, " \
                     "a.charset"

#define MATTER_COLS "id, code, version, is_current, name, title, dept, level, type, basis, " \
                    "legal_days, promised_days, fee_fen, fee_basis, flags, created_at"

const char *const bm_sql_text[BM_SQL_COUNT] = {
    [BM_SQL_ORG_GET] = "SELECT " ORG_COLS " FROM org_unit WHERE id = ?1",
    [BM_SQL_ORG_GET_BY_CODE] = "SELECT " ORG_COLS " FROM org_unit WHERE code = ?1",
    [BM_SQL_ORG_COUNTY] =
        "SELECT " ORG_COLS " FROM org_unit WHERE kind = 'county' AND parent_id IS NULL "
        "ORDER BY id LIMIT 1",
    [BM_SQL_ORG_CHILDREN] = "SELECT " ORG_COLS " FROM org_unit WHERE parent_id = ?1 ORDER BY code",
    [BM_SQL_ORG_ROOTS] = "SELECT " ORG_COLS " FROM org_unit WHERE parent_id IS NULL ORDER BY code",
    [BM_SQL_ORG_INSERT] =
        "INSERT INTO org_unit (code, name, kind, parent_id, centre_id, village_id, phone) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [BM_SQL_ORG_SET_SELF] =
        "UPDATE org_unit SET centre_id = CASE WHEN kind = 'township' THEN id ELSE centre_id END, "
        "village_id = CASE WHEN kind = 'village' THEN id ELSE village_id END WHERE id = ?1",
    [BM_SQL_ORG_SET_HOURS] = "UPDATE org_unit SET office_hours = ?2 WHERE id = ?1",
    [BM_SQL_ORG_SET_LANG] = "UPDATE org_unit SET lang = ?2 WHERE id = ?1",

    [BM_SQL_ACCOUNT_GET] =
        "SELECT " ACCOUNT_COLS " FROM account a JOIN org_unit o ON o.id = a.org_id "
        "WHERE a.login = ?1",
    [BM_SQL_ACCOUNT_GET_BY_ID] =
        "SELECT " ACCOUNT_COLS " FROM account a JOIN org_unit o ON o.id = a.org_id "
        "WHERE a.id = ?1",
    [BM_SQL_ACCOUNT_HASH] = "SELECT pw_hash FROM account WHERE login = ?1",
    [BM_SQL_ACCOUNT_INSERT] =
        "INSERT INTO account (login, name, role, org_id, pw_hash, phone, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [BM_SQL_ACCOUNT_SET_HASH] = "UPDATE account SET pw_hash = ?2 WHERE id = ?1",
    [BM_SQL_ACCOUNT_SET_LOCKED] = "UPDATE account SET locked = ?2 WHERE id = ?1",
    [BM_SQL_ACCOUNT_SET_PREFS] = "UPDATE account SET lang = ?2, charset = ?3 WHERE id = ?1",
    [BM_SQL_ACCOUNT_LIST] =
        "SELECT " ACCOUNT_COLS " FROM account a JOIN org_unit o ON o.id = a.org_id "
        "ORDER BY a.login",
    [BM_SQL_ACCOUNT_KEY_INSERT] =
        "INSERT INTO account_key (account_id, key_line, created_at) VALUES (?1, ?2, ?3)",
    [BM_SQL_ACCOUNT_KEYS] =
        "SELECT k.key_line FROM account_key k JOIN account a ON a.id = k.account_id "
        "WHERE a.login = ?1 ORDER BY k.id",
    [BM_SQL_LOGIN_FAILURE_INSERT] = "INSERT INTO login_failure (login, addr, at) VALUES (?1, ?2, ?3)",
    [BM_SQL_LOGIN_FAILURE_COUNT] = "SELECT count(*) FROM login_failure WHERE login = ?1 AND at >= ?2",

    [BM_SQL_AUDIT_LAST_HASH] = "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1",
    [BM_SQL_AUDIT_INSERT] =
        "INSERT INTO audit (id, at, account_id, login, role, session, addr, what, object, "
        "object_id, before, after, note, prev_hash, hash) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    [BM_SQL_AUDIT_ALL] =
        "SELECT id, at, account_id, login, role, session, addr, what, object, object_id, "
        "before, after, note, prev_hash, hash FROM audit ORDER BY id",
    [BM_SQL_AUDIT_LIST] =
        "SELECT id, at, account_id, login, role, session, addr, what, object, object_id, "
        "before, after, note FROM audit ORDER BY id DESC LIMIT ?1 OFFSET ?2",
    [BM_SQL_AUDIT_LIST_OBJECT] =
        "SELECT id, at, account_id, login, role, session, addr, what, object, object_id, "
        "before, after, note FROM audit WHERE object = ?3 AND (?4 IS NULL OR object_id = ?4) "
        "ORDER BY id DESC LIMIT ?1 OFFSET ?2",

    [BM_SQL_CALENDAR_DAYS] = "SELECT day, kind, name FROM calendar_day ORDER BY day",
    [BM_SQL_CALENDAR_YEARS] = "SELECT year, source FROM calendar_year ORDER BY year",
    [BM_SQL_CALENDAR_DELETE_YEAR] = "DELETE FROM calendar_day WHERE day BETWEEN ?1 AND ?2",
    [BM_SQL_CALENDAR_DAY_INSERT] = "INSERT INTO calendar_day (day, kind, name) VALUES (?1, ?2, ?3)",
    [BM_SQL_CALENDAR_DAY_SET] =
        "INSERT INTO calendar_day (day, kind, name) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name",
    [BM_SQL_CALENDAR_DAY_DELETE] = "DELETE FROM calendar_day WHERE day = ?1",
    [BM_SQL_CALENDAR_DAY_GET] = "SELECT kind, name FROM calendar_day WHERE day = ?1",
    [BM_SQL_CALENDAR_YEAR_SET] =
        "INSERT INTO calendar_year (year, source, loaded_at) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (year) DO UPDATE SET source = excluded.source, loaded_at = excluded.loaded_at",
    [BM_SQL_CALENDAR_YEAR_ENSURE] =
        "INSERT INTO calendar_year (year, source, loaded_at) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (year) DO NOTHING",

    [BM_SQL_MATTER_CURRENT] =
        "SELECT " MATTER_COLS " FROM matter WHERE code = ?1 AND is_current = 1",
    [BM_SQL_MATTER_BY_ID] = "SELECT " MATTER_COLS " FROM matter WHERE id = ?1",
    [BM_SQL_MATTER_LIST] =
        "SELECT id, code, version, name, title, dept, level, legal_days, promised_days, fee_fen, "
        "flags FROM matter WHERE is_current = 1 ORDER BY code",
    [BM_SQL_MATTER_VERSIONS] = "SELECT id, version FROM matter WHERE code = ?1 ORDER BY version",
    [BM_SQL_MATTER_INSERT] =
        "INSERT INTO matter (code, version, is_current, name, title, dept, level, type, basis, "
        "legal_days, promised_days, fee_fen, fee_basis, flags, created_at, created_by) "
        "VALUES (?1, ?2, 1, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    [BM_SQL_MATTER_RETIRE] = "UPDATE matter SET is_current = 0 WHERE id = ?1",
    [BM_SQL_MATTER_MATERIALS] =
        "SELECT name, original, copies, required, commit_ok FROM matter_material "
        "WHERE matter_id = ?1 ORDER BY seq",
    [BM_SQL_MATTER_MATERIAL_INSERT] =
        "INSERT INTO matter_material (matter_id, seq, name, original, copies, required, "
        "commit_ok) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [BM_SQL_MATTER_SITUATIONS] =
        "SELECT question FROM matter_situation WHERE matter_id = ?1 ORDER BY seq",
    [BM_SQL_MATTER_SITUATION_INSERT] =
        "INSERT INTO matter_situation (matter_id, seq, question) VALUES (?1, ?2, ?3)",
    [BM_SQL_SITUATION_EFFECTS] =
        "SELECT situation_seq, op, name, original, copies, required, commit_ok "
        "FROM situation_effect WHERE matter_id = ?1 ORDER BY situation_seq, seq",
    [BM_SQL_SITUATION_EFFECT_INSERT] =
        "INSERT INTO situation_effect (matter_id, situation_seq, seq, op, name, original, copies, "
        "required, commit_ok) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [BM_SQL_BUNDLE_CURRENT] =
        "SELECT id, code, version, is_current, name, title FROM bundle "
        "WHERE code = ?1 AND is_current = 1",
    [BM_SQL_BUNDLE_BY_ID] =
        "SELECT id, code, version, is_current, name, title FROM bundle WHERE id = ?1",
    [BM_SQL_BUNDLE_LIST] =
        "SELECT id, code, version, name, title FROM bundle WHERE is_current = 1 ORDER BY code",
    [BM_SQL_BUNDLE_INSERT] =
        "INSERT INTO bundle (code, version, is_current, name, title, created_at, created_by) "
        "VALUES (?1, ?2, 1, ?3, ?4, ?5, ?6)",
    [BM_SQL_BUNDLE_RETIRE] = "UPDATE bundle SET is_current = 0 WHERE id = ?1",
    [BM_SQL_BUNDLE_MATTERS] =
        "SELECT matter_code FROM bundle_matter WHERE bundle_id = ?1 ORDER BY seq",
    [BM_SQL_BUNDLE_MATTER_INSERT] =
        "INSERT INTO bundle_matter (bundle_id, seq, matter_code) VALUES (?1, ?2, ?3)",
};
