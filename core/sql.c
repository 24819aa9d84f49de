/* The text of every SQL statement core runs, by name (see sql.h), written so that SQLite and
 * PostgreSQL both accept it: ON CONFLICT instead of INSERT OR IGNORE, IS NOT DISTINCT FROM
 * instead of IS between values, CASE inside sum() instead of summed booleans. An optional
 * filter "(CAST(?n AS type) IS NULL OR col = ?n)" carries the cast because PostgreSQL cannot
 * tell the type of a parameter that is only tested for NULL. */
#include "core/sql.h"

#define ORG_COLS "id, code, name, kind, parent_id, centre_id, village_id, phone, lang, " \
                 "office_hours, active"
#define ACCOUNT_COLS "a.id, a.login, a.name, a.role, a.org_id, o.name, a.locked, a.lang, " \
                     "a.charset, a.lines"

#define MATTER_COLS "id, code, version, is_current, name, title, dept, level, type, basis, " \
                    "legal_days, promised_days, fee_fen, fee_basis, flags, created_at"

#define APPLICANT_COLS_NOFROM \
    "a.id, a.kind, a.name, a.id_no, a.phone, a.village_id, a.group_id, v.name, g.name, a.flags, " \
    "a.lang, a.address, a.created_at, a.updated_at"
#define APPLICANT_COLS APPLICANT_COLS_NOFROM " FROM applicant a " \
    "LEFT JOIN org_unit v ON v.id = a.village_id LEFT JOIN org_unit g ON g.id = a.group_id"

#define CASE_COLS \
    "c.id, c.no, c.parent_id, c.bundle_id, c.matter_id, coalesce(m.code, b.code), " \
    "coalesce(m.version, b.version), coalesce(m.name, b.name), " \
    "(SELECT count(*) FROM bcase k WHERE k.parent_id = c.id), c.applicant_id, a.name, a.id_no, " \
    "c.agent_id, c.channel, c.status, c.centre_id, c.village_id, c.first_contact_id, f.name, " \
    "c.handler_id, h.name, c.off_hours, c.created_at, c.accepted_at, c.completed_at, " \
    "c.accepted_day, c.promised_days, c.deadline, c.paused_since, c.paused_days, c.commit_due, " \
    "c.completed_day, c.result, c.delivery, c.refuse_reason, c.situations, c.note, c.rating, " \
    "c.rating_channel, c.rated_at FROM bcase c JOIN applicant a ON a.id = c.applicant_id " \
    "LEFT JOIN matter m ON m.id = c.matter_id LEFT JOIN bundle b ON b.id = c.bundle_id " \
    "JOIN account f ON f.id = c.first_contact_id LEFT JOIN account h ON h.id = c.handler_id"
/* One line of a case list. */
#define ROW_COLS \
    "c.id, c.no, c.status, c.channel, a.name, a.id_no, coalesce(m.name, b.name), " \
    "(SELECT count(*) FROM bcase k WHERE k.parent_id = c.id), c.deadline, h.name, c.off_hours, " \
    "c.commit_due, c.paused_since, c.completed_day, c.applicant_id, c.handler_id " \
    "FROM bcase c JOIN applicant a ON a.id = c.applicant_id " \
    "LEFT JOIN matter m ON m.id = c.matter_id LEFT JOIN bundle b ON b.id = c.bundle_id " \
    "LEFT JOIN account h ON h.id = c.handler_id"
/* Cases without a deadline (not accepted yet) first on both engines: SQLite sorts NULL first
 * by itself, PostgreSQL last unless told. */
#define PAGE " ORDER BY c.deadline NULLS FIRST, c.id LIMIT ?2 OFFSET ?3"
#define SEARCH_SCOPE \
    " AND (CAST(?5 AS INTEGER) IS NULL OR c.centre_id = ?5) " \
    "AND (CAST(?6 AS INTEGER) IS NULL OR c.village_id = ?6)"
#define SEARCH_PAGE " ORDER BY c.is_open DESC, c.deadline NULLS FIRST, c.id LIMIT ?2 OFFSET ?3"
#define COUNTS \
    "SELECT count(*), coalesce(sum(CASE WHEN c.deadline >= ?2 AND c.deadline <= ?3 " \
    "AND c.status != ?4 THEN 1 ELSE 0 END), 0), " \
    "coalesce(sum(CASE WHEN c.deadline < ?2 AND c.status != ?4 THEN 1 ELSE 0 END), 0) " \
    "FROM bcase c WHERE "

/* One notice of advice given. */
#define ADVICE_COLS \
    "d.id, d.no, d.applicant_id, a.name, coalesce(m.code, b.code), coalesce(m.name, b.name), " \
    "d.missing, g.name, d.given_at FROM advice d JOIN applicant a ON a.id = d.applicant_id " \
    "LEFT JOIN matter m ON m.id = d.matter_id LEFT JOIN bundle b ON b.id = d.bundle_id " \
    "JOIN account g ON g.id = d.given_by"

/* One work order, with the name of the unit it is assigned to. */
#define WO_COLS \
    "w.id, w.no, w.received_at, w.applicant_id, w.caller, w.phone, w.kind, w.summary, w.text, " \
    "w.centre_id, w.village_id, w.unit_id, u.name, w.status, w.redo_count, w.rating " \
    "FROM work_order w LEFT JOIN org_unit u ON u.id = w.unit_id"
/* One proxy request, with the status, result and reason of the case it became. */
#define PROXY_COLS \
    "p.id, p.no, p.applicant_id, a.name, a.phone, coalesce(m.code, b.code), " \
    "coalesce(m.name, b.name), p.wish, p.came, p.authority, p.materials, p.originals, " \
    "p.agent_id, g.name, g.phone, p.centre_id, p.village_id, v.name, p.stage, p.taken_at, " \
    "p.forwarded_at, p.told_at, p.case_id, c.no, c.status, c.result, c.refuse_reason, " \
    "p.missing, p.reason, p.result, p.told_how, p.told_what, p.note, " \
    "coalesce(p.called_at, 0), p.called_satisfied, p.called_note " \
    "FROM proxy_request p JOIN applicant a ON a.id = p.applicant_id " \
    "LEFT JOIN matter m ON m.id = p.matter_id LEFT JOIN bundle b ON b.id = p.bundle_id " \
    "JOIN account g ON g.id = p.agent_id JOIN org_unit v ON v.id = p.village_id " \
    "LEFT JOIN bcase c ON c.id = p.case_id"

/* One person of the special-group ledger with their pairing, last visit and visit count. */
#define SPECIAL_COLS \
    "s.id, a.id, a.name, a.phone, a.flags, s.needs, s.cadre_id, g.name, g.phone, s.every_days, " \
    "s.since_day, s.centre_id, s.village_id, v.name, " \
    "(SELECT max(day) FROM special_visit x WHERE x.pair_id = s.id) AS max_day, " \
    "(SELECT count(*) FROM special_visit x WHERE x.pair_id = s.id) " \
    "FROM special_pair s JOIN applicant a ON a.id = s.applicant_id " \
    "JOIN account g ON g.id = s.cadre_id JOIN org_unit v ON v.id = s.village_id"

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
    [BM_SQL_ACCOUNT_SET_PREFS] =
        "UPDATE account SET lang = ?2, charset = ?3, lines = ?4 WHERE id = ?1",
    [BM_SQL_ACCOUNT_LIST] =
        "SELECT " ACCOUNT_COLS " FROM account a JOIN org_unit o ON o.id = a.org_id "
        "ORDER BY a.login",
    [BM_SQL_ACCOUNT_KEY_INSERT] =
        "INSERT INTO account_key (account_id, key_line, created_at) VALUES (?1, ?2, ?3)",
    [BM_SQL_ACCOUNT_KEYS] =
        "SELECT k.key_line FROM account_key k JOIN account a ON a.id = k.account_id "
        "WHERE a.login = ?1 ORDER BY k.id",
    [BM_SQL_ADVICE_NUMBER_NEXT] =
        "INSERT INTO advice_number (county_id, day, last) VALUES (?1, ?2, 1) "
        "ON CONFLICT (county_id, day) DO UPDATE SET last = advice_number.last + 1 RETURNING last",
    [BM_SQL_ADVICE_INSERT] =
        "INSERT INTO advice (no, applicant_id, matter_id, bundle_id, centre_id, village_id, "
        "given_by, given_at, missing, situations, note) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    [BM_SQL_ADVICE_GET] = "SELECT " ADVICE_COLS " WHERE d.id = ?1",
    [BM_SQL_ADVICE_LIST_CENTRE] =
        "SELECT " ADVICE_COLS " WHERE d.centre_id = ?1 ORDER BY d.given_at DESC, d.id DESC "
        "LIMIT ?2 OFFSET ?3",
    [BM_SQL_DRAFT_INSERT] =
        "INSERT INTO draft (account_id, created_at, screen, title, body) VALUES (?1, ?2, ?3, ?4, ?5)",
    [BM_SQL_DRAFT_PURGE] = "DELETE FROM draft WHERE created_at < ?1",
    [BM_SQL_DRAFT_LIST] =
        "SELECT id, created_at, screen, title, body FROM draft WHERE account_id = ?1 "
        "ORDER BY created_at DESC, id DESC",
    [BM_SQL_DRAFT_DELETE] = "DELETE FROM draft WHERE id = ?1 AND account_id = ?2",
    [BM_SQL_LOGIN_FAILURE_INSERT] = "INSERT INTO login_failure (login, addr, at) VALUES (?1, ?2, ?3)",
    [BM_SQL_LOGIN_FAILURE_COUNT] = "SELECT count(*) FROM login_failure WHERE login = ?1 AND at >= ?2",

    [BM_SQL_AUDIT_LAST_HASH] = "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1",
    [BM_SQL_AUDIT_HASH_AT] = "SELECT hash FROM audit WHERE id = ?1",
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
        "before, after, note FROM audit WHERE object = ?3 AND (CAST(?4 AS TEXT) IS NULL OR object_id = ?4) "
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

    [BM_SQL_APPLICANT_GET] = "SELECT " APPLICANT_COLS " WHERE a.id = ?1",
    [BM_SQL_APPLICANT_BY_IDNO] = "SELECT " APPLICANT_COLS " WHERE a.id_no = ?1",
    [BM_SQL_APPLICANT_INSERT] =
        "INSERT INTO applicant (kind, name, id_no, phone, village_id, group_id, flags, lang, "
        "address, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
    [BM_SQL_APPLICANT_UPDATE] =
        "UPDATE applicant SET name = ?2, phone = ?3, village_id = ?4, group_id = ?5, flags = ?6, "
        "lang = ?7, address = ?8, updated_at = ?9 WHERE id = ?1",
    [BM_SQL_APPLICANT_SEARCH_IDNO] =
        "SELECT " APPLICANT_COLS " WHERE a.id_no = ?1 AND (CAST(?2 AS INTEGER) IS NULL OR a.village_id = ?2) "
        "LIMIT ?3 OFFSET ?4",
    [BM_SQL_APPLICANT_BY_PHONE] =
        "SELECT " APPLICANT_COLS " WHERE a.phone = ?1 AND (CAST(?2 AS INTEGER) IS NULL OR a.village_id = ?2) "
        "ORDER BY a.name, a.id LIMIT ?3 OFFSET ?4",
    [BM_SQL_APPLICANT_BY_NAME] =
        "SELECT " APPLICANT_COLS " WHERE a.name >= ?1 AND a.name < ?5 "
        "AND (CAST(?2 AS INTEGER) IS NULL OR a.village_id = ?2) ORDER BY a.name, a.id LIMIT ?3 OFFSET ?4",
    /* One row per applicant: the first of its initials variants in the range. */
    [BM_SQL_APPLICANT_BY_INITIALS] =
        "SELECT " APPLICANT_COLS_NOFROM " FROM applicant_initials i "
        "JOIN applicant a ON a.id = i.applicant_id "
        "LEFT JOIN org_unit v ON v.id = a.village_id LEFT JOIN org_unit g ON g.id = a.group_id "
        "WHERE i.initials >= ?1 AND i.initials < ?5 AND (CAST(?2 AS INTEGER) IS NULL OR a.village_id = ?2) "
        "AND NOT EXISTS (SELECT 1 FROM applicant_initials j WHERE j.applicant_id = i.applicant_id "
        "AND j.initials >= ?1 AND j.initials < i.initials) "
        "ORDER BY i.initials, i.applicant_id LIMIT ?3 OFFSET ?4",
    [BM_SQL_APPLICANT_INITIALS_INSERT] =
        "INSERT INTO applicant_initials (initials, applicant_id) VALUES (?1, ?2) "
        "ON CONFLICT DO NOTHING",
    [BM_SQL_APPLICANT_INITIALS_DELETE] = "DELETE FROM applicant_initials WHERE applicant_id = ?1",
    [BM_SQL_APPLICANT_HANDLED_BY] =
        "SELECT 1 FROM bcase WHERE applicant_id = ?1 AND (handler_id = ?2 OR "
        "first_contact_id = ?2 OR agent_id = ?2) LIMIT 1",

    [BM_SQL_CASE_NUMBER_NEXT] =
        "INSERT INTO case_number (county_id, day, last) VALUES (?1, ?2, 1) "
        "ON CONFLICT (county_id, day) DO UPDATE SET last = case_number.last + 1 RETURNING last",
    [BM_SQL_CASE_INSERT] =
        "INSERT INTO bcase (no, parent_id, bundle_id, matter_id, applicant_id, agent_id, channel, "
        "status, is_open, centre_id, village_id, first_contact_id, handler_id, off_hours, "
        "created_at, promised_days, situations, note, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, "
        "?6, ?7, ?8, 1, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?14)",
    [BM_SQL_CASE_GET] = "SELECT " CASE_COLS " WHERE c.id = ?1",
    [BM_SQL_CASE_GET_BY_NO] = "SELECT " CASE_COLS " WHERE c.no = ?1",
    [BM_SQL_CASE_UPDATE] =
        "UPDATE bcase SET status = ?2, is_open = ?3, handler_id = ?4, accepted_at = ?5, "
        "accepted_day = ?6, promised_days = ?7, deadline = ?8, paused_since = ?9, "
        "paused_days = ?10, commit_due = ?11, completed_at = ?12, completed_day = ?13, "
        "result = ?14, delivery = ?15, refuse_reason = ?16, note = ?17, rating = ?18, "
        "rating_channel = ?19, rated_at = ?20, updated_at = ?21 WHERE id = ?1",
    [BM_SQL_CASE_CHILD_IDS] = "SELECT id FROM bcase WHERE parent_id = ?1 ORDER BY id",
    [BM_SQL_CASE_MATERIAL_INSERT] =
        "INSERT INTO case_material (case_id, seq, name, original, copies, required, commit_ok, "
        "received) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [BM_SQL_CASE_MATERIALS] =
        "SELECT case_id, seq, name, original, copies, required, commit_ok, received "
        "FROM case_material WHERE case_id = ?1 ORDER BY seq",
    [BM_SQL_CASE_MATERIAL_RECEIVE] =
        "UPDATE case_material SET received = 1 WHERE case_id = ?1 AND name = ?2",
    [BM_SQL_CASE_MATERIAL_HAS] = "SELECT 1 FROM case_material WHERE case_id = ?1 AND name = ?2",
    [BM_SQL_CASE_HISTORY_INSERT] =
        "INSERT INTO case_history (case_id, at, account_id, login, action, from_status, "
        "to_status, session, station, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [BM_SQL_CASE_HISTORY] =
        "SELECT id, at, account_id, login, action, from_status, to_status, session, station, "
        "note FROM case_history WHERE case_id = ?1 ORDER BY id",
    /* My work: every open case I handle, a bundle's sub-cases too (a sub-case falls due before
     * its bundle, which promises its slowest matter's date). Other lists show bundles only. */
    [BM_SQL_CASE_LIST_HANDLER] =
        "SELECT " ROW_COLS " WHERE c.handler_id = ?1 AND c.is_open = 1" PAGE,
    [BM_SQL_CASE_LIST_AGENT] =
        "SELECT " ROW_COLS " WHERE c.agent_id = ?1 AND c.is_open = 1 AND c.parent_id IS NULL" PAGE,
    [BM_SQL_CASE_LIST_CENTRE_OPEN] =
        "SELECT " ROW_COLS " WHERE c.centre_id = ?1 AND c.is_open = 1 AND c.parent_id IS NULL"
        PAGE,
    [BM_SQL_CASE_LIST_VILLAGE_OPEN] =
        "SELECT " ROW_COLS " WHERE c.village_id = ?1 AND c.is_open = 1 AND c.parent_id IS NULL"
        PAGE,
    [BM_SQL_CASE_LIST_DUTY] =
        "SELECT " ROW_COLS " WHERE c.centre_id = ?1 AND c.is_open = 1 AND c.off_hours = 1 "
        "AND c.handler_id IS NULL AND c.parent_id IS NULL" PAGE,
    [BM_SQL_CASE_LIST_OVERDUE] =
        "SELECT " ROW_COLS " WHERE c.centre_id = ?1 AND c.is_open = 1 AND c.deadline < ?4 "
        "AND c.status != ?5 AND c.parent_id IS NULL" PAGE,
    [BM_SQL_CASE_LIST_NO] = "SELECT " ROW_COLS " WHERE c.no = ?1" SEARCH_SCOPE SEARCH_PAGE,
    [BM_SQL_CASE_LIST_APPLICANT_IDNO] =
        "SELECT " ROW_COLS " WHERE c.applicant_id IN (SELECT id FROM applicant WHERE id_no = ?1) "
        "AND c.parent_id IS NULL" SEARCH_SCOPE SEARCH_PAGE,
    [BM_SQL_CASE_LIST_APPLICANT_PHONE] =
        "SELECT " ROW_COLS " WHERE c.applicant_id IN (SELECT id FROM applicant WHERE phone = ?1) "
        "AND c.parent_id IS NULL" SEARCH_SCOPE SEARCH_PAGE,
    /* Name and initials searches look at the first 200 matching applicants. */
    [BM_SQL_CASE_LIST_APPLICANT_NAME] =
        "SELECT " ROW_COLS " WHERE c.applicant_id IN (SELECT id FROM applicant "
        "WHERE name >= ?1 AND name < ?7 ORDER BY name LIMIT 200) AND c.parent_id IS NULL"
        SEARCH_SCOPE SEARCH_PAGE,
    [BM_SQL_CASE_LIST_APPLICANT_INITIALS] =
        "SELECT " ROW_COLS " WHERE c.applicant_id IN (SELECT applicant_id FROM "
        "applicant_initials WHERE initials >= ?1 AND initials < ?7 ORDER BY initials LIMIT 200) "
        "AND c.parent_id IS NULL" SEARCH_SCOPE SEARCH_PAGE,
    [BM_SQL_CASE_COUNT_HANDLER] = COUNTS "c.handler_id = ?1 AND c.is_open = 1",
    [BM_SQL_CASE_COUNT_AGENT] = COUNTS "c.agent_id = ?1 AND c.is_open = 1 AND c.parent_id IS NULL",
    [BM_SQL_CASE_COUNT_CENTRE] =
        COUNTS "c.centre_id = ?1 AND c.is_open = 1 AND c.parent_id IS NULL",
    [BM_SQL_CASE_COUNT_VILLAGE] =
        COUNTS "c.village_id = ?1 AND c.is_open = 1 AND c.parent_id IS NULL",
    [BM_SQL_CASE_COUNT_DUTY] =
        COUNTS "c.centre_id = ?1 AND c.is_open = 1 AND c.off_hours = 1 AND c.handler_id IS NULL "
        "AND c.parent_id IS NULL",
    /* duty: seasonal office hours and the duty roster */
#define SHIFT_COLS "s.id, s.centre_id, s.day, s.kind, s.start_at, s.end_at, s.account_id, " \
    "a.name, a.phone, coalesce(s.second_id, 0), coalesce(b.name, ''), s.overridden " \
    "FROM duty_shift s JOIN account a ON a.id = s.account_id " \
    "LEFT JOIN account b ON b.id = s.second_id "
    [BM_SQL_SEASON_LIST] =
        "SELECT from_md, to_md, hours FROM office_season WHERE centre_id = ?1 ORDER BY from_md",
    [BM_SQL_SEASON_SET] =
        "INSERT INTO office_season (centre_id, from_md, to_md, hours) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (centre_id, from_md) DO UPDATE SET to_md = ?3, hours = ?4",
    [BM_SQL_SEASON_DELETE] = "DELETE FROM office_season WHERE centre_id = ?1 AND from_md = ?2",
    [BM_SQL_DUTY_SETTING_GET] = "SELECT handover FROM duty_setting WHERE centre_id = ?1",
    [BM_SQL_DUTY_SETTING_SET] =
        "INSERT INTO duty_setting (centre_id, handover) VALUES (?1, ?2) "
        "ON CONFLICT (centre_id) DO UPDATE SET handover = ?2",
    [BM_SQL_DUTY_ROTATION_CLEAR] = "DELETE FROM duty_rotation WHERE centre_id = ?1",
    [BM_SQL_DUTY_ROTATION_INSERT] =
        "INSERT INTO duty_rotation (centre_id, position, account_id, kinds) VALUES (?1, ?2, ?3, ?4)",
    [BM_SQL_DUTY_ROTATION_LIST] =
        "SELECT r.account_id, r.kinds, a.name FROM duty_rotation r "
        "JOIN account a ON a.id = r.account_id WHERE r.centre_id = ?1 ORDER BY r.position",
    [BM_SQL_DUTY_LEAVE_INSERT] =
        "INSERT INTO duty_leave (account_id, from_day, to_day) VALUES (?1, ?2, ?3)",
    [BM_SQL_DUTY_LEAVE_ON] =
        "SELECT count(*) FROM duty_leave WHERE account_id = ?1 AND from_day <= ?2 AND to_day >= ?2",
    [BM_SQL_DUTY_SHIFT_CLEAR] =
        "DELETE FROM duty_shift WHERE centre_id = ?1 AND day >= ?2 AND day <= ?3 AND overridden = 0",
    [BM_SQL_DUTY_SHIFT_INSERT] =
        "INSERT INTO duty_shift (centre_id, day, kind, start_at, end_at, account_id) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
    [BM_SQL_DUTY_SHIFT_LAST_BEFORE] =
        "SELECT account_id FROM duty_shift WHERE centre_id = ?1 AND kind = ?2 AND day < ?3 "
        "ORDER BY day DESC LIMIT 1",
    [BM_SQL_DUTY_SHIFT_GET] = "SELECT " SHIFT_COLS "WHERE s.id = ?1",
    [BM_SQL_DUTY_SHIFT_SET] =
        "UPDATE duty_shift SET account_id = ?2, second_id = nullif(?3, 0), overridden = 1 "
        "WHERE id = ?1",
    [BM_SQL_DUTY_SHIFT_RANGE] =
        "SELECT " SHIFT_COLS "WHERE s.centre_id = ?1 AND s.day >= ?2 AND s.day <= ?3 "
        "ORDER BY s.start_at",
    /* The shift on at ?2, else the next one to start: "today's duty" during office hours. */
    [BM_SQL_DUTY_SHIFT_AT] =
        "SELECT " SHIFT_COLS "WHERE s.centre_id = ?1 AND s.end_at > ?2 ORDER BY s.end_at LIMIT 1",
    [BM_SQL_DUTY_SHIFT_COUNTS] =
        "SELECT a.name, count(*) FROM duty_shift s JOIN account a "
        "ON a.id = s.account_id OR a.id = s.second_id "
        "WHERE s.centre_id = ?1 AND s.day >= ?2 AND s.day <= ?3 GROUP BY a.id ORDER BY a.name",
#undef SHIFT_COLS
    [BM_SQL_WO_INSERT] =
        "INSERT INTO work_order (no, received_at, applicant_id, caller, phone, kind, summary, "
        "text, centre_id, village_id, unit_id, status, redo_count, rating, created_at, "
        "created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 0, 0, ?13, ?14)",
    [BM_SQL_WO_GET] = "SELECT " WO_COLS " WHERE w.id = ?1",
    [BM_SQL_WO_GET_BY_NO] = "SELECT " WO_COLS " WHERE w.no = ?1",
    [BM_SQL_WO_UPDATE] =
        "UPDATE work_order SET status = ?2, unit_id = ?3, redo_count = ?4, rating = ?5, "
        "next_due = ?6 WHERE id = ?1",
    [BM_SQL_WO_CLOCK_SET] =
        "INSERT INTO work_order_clock (order_id, clock, state, budget, used, seg_start, due_at, "
        "done_at, pause_reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
        "ON CONFLICT (order_id, clock) DO UPDATE SET state = ?3, budget = ?4, used = ?5, "
        "seg_start = ?6, due_at = ?7, done_at = ?8, pause_reason = ?9",
    [BM_SQL_WO_CLOCKS] =
        "SELECT clock, state, budget, used, seg_start, due_at, done_at, pause_reason "
        "FROM work_order_clock WHERE order_id = ?1 ORDER BY clock",
    [BM_SQL_WO_EVENT_INSERT] =
        "INSERT INTO work_order_event (order_id, at, event, account_id, login, unit_id, reason, "
        "days, note, session, station) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    [BM_SQL_WO_EVENTS] =
        "SELECT id, event, at, account_id, login, unit_id, reason, days, note "
        "FROM work_order_event WHERE order_id = ?1 ORDER BY id",
    [BM_SQL_WO_LIST_OPEN] =
        "SELECT w.id FROM work_order w WHERE w.centre_id = ?1 AND w.status NOT IN (?4, ?5) "
        "ORDER BY w.next_due IS NULL, w.next_due, w.id LIMIT ?2 OFFSET ?3",
    [BM_SQL_WO_LIST_CENTRE_STATUS] =
        "SELECT id FROM work_order WHERE centre_id = ?1 AND status IN (?2, ?3) "
        "ORDER BY received_at, id",
    [BM_SQL_PROXY_NUMBER_NEXT] =
        "INSERT INTO proxy_number (county_id, day, last) VALUES (?1, ?2, 1) "
        "ON CONFLICT (county_id, day) DO UPDATE SET last = proxy_number.last + 1 RETURNING last",
    [BM_SQL_PROXY_INSERT] =
        "INSERT INTO proxy_request (no, applicant_id, matter_id, bundle_id, wish, came, authority, "
        "materials, originals, agent_id, centre_id, village_id, stage, taken_at, note, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?14)",
    [BM_SQL_PROXY_GET] = "SELECT " PROXY_COLS " WHERE p.id = ?1",
    [BM_SQL_PROXY_GET_BY_NO] = "SELECT " PROXY_COLS " WHERE p.no = ?1",
    [BM_SQL_PROXY_UPDATE] =
        "UPDATE proxy_request SET matter_id = coalesce(?2, matter_id), stage = ?3, "
        "forwarded_at = ?4, told_at = ?5, case_id = ?6, missing = ?7, reason = ?8, result = ?9, "
        "told_how = ?10, told_what = ?11, updated_at = ?12 WHERE id = ?1",
    [BM_SQL_PROXY_LIST] =
        "SELECT " PROXY_COLS " WHERE p.centre_id = ?1 "
        "AND (CAST(?2 AS INTEGER) IS NULL OR p.village_id = ?2) "
        "ORDER BY p.taken_at, p.id LIMIT ?3 OFFSET ?4",
    [BM_SQL_PROXY_CASE_AGENT] =
        "UPDATE bcase SET agent_id = ?2 WHERE id = ?1 OR parent_id = ?1",
    [BM_SQL_PROXY_CALLED] =
        "UPDATE proxy_request SET called_at = ?2, called_satisfied = ?3, called_note = ?4, "
        "updated_at = ?2 WHERE id = ?1",
    [BM_SQL_SPECIAL_PAIR_SAVE] =
        "INSERT INTO special_pair (applicant_id, cadre_id, centre_id, village_id, needs, "
        "every_days, since_day, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
        "ON CONFLICT (applicant_id) DO UPDATE SET cadre_id = ?2, needs = ?5, every_days = ?6, "
        "updated_at = ?8",
    [BM_SQL_SPECIAL_GET] = "SELECT " SPECIAL_COLS " WHERE a.id = ?1",
    /* The last visit spelt out again in ORDER BY: PostgreSQL takes an output column's name
     * there only alone, not inside an expression. */
    [BM_SQL_SPECIAL_LIST] =
        "SELECT " SPECIAL_COLS " WHERE s.centre_id = ?1 "
        "AND (CAST(?2 AS INTEGER) IS NULL OR s.village_id = ?2) "
        "ORDER BY coalesce((SELECT max(day) FROM special_visit x WHERE x.pair_id = s.id), "
        "s.since_day - s.every_days) + s.every_days, s.id",
    [BM_SQL_SPECIAL_VISIT_INSERT] =
        "INSERT INTO special_visit (pair_id, day, by_id, done, request_id, at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [BM_SQL_SPECIAL_VISITS] =
        "SELECT v.day, g.name, v.done, coalesce(r.no, '') FROM special_visit v "
        "JOIN account g ON g.id = v.by_id LEFT JOIN proxy_request r ON r.id = v.request_id "
        "WHERE v.pair_id = ?1 ORDER BY v.day DESC, v.id DESC LIMIT ?2",
    /* ---- the centre head's desk (issue 14) ---- begin */
#define SUP_COLS "s.id, s.kind, s.object_id, s.object_no, s.centre_id, s.asked, s.handler_id, " \
    "h.login, h.name, s.opened_by, s.opened_at, s.days, s.due_day, s.round, s.state, s.answer, " \
    "s.answered_at, s.close_note, s.closed_at FROM supervision s " \
    "JOIN account h ON h.id = s.handler_id"
    [BM_SQL_SUP_INSERT] =
        "INSERT INTO supervision (kind, object_id, object_no, centre_id, asked, handler_id, "
        "opened_by, opened_at, days, due_day, round, state, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1, 1, ?8)",
    [BM_SQL_SUP_GET] = "SELECT " SUP_COLS " WHERE s.id = ?1",
    [BM_SQL_SUP_UPDATE] =
        "UPDATE supervision SET asked = ?2, days = ?3, due_day = ?4, round = ?5, state = ?6, "
        "answer = ?7, answered_at = ?8, close_note = ?9, closed_at = ?10, updated_at = ?11 "
        "WHERE id = ?1",
    /* Open and answered first, then the closed ones, most recent first. */
    [BM_SQL_SUP_LIST_CENTRE] =
        "SELECT " SUP_COLS " WHERE s.centre_id = ?1 "
        "ORDER BY CASE WHEN s.state <= 2 THEN 0 ELSE 1 END, "
        "CASE WHEN s.state <= 2 THEN s.due_day ELSE '' END, s.id DESC LIMIT 500",
    [BM_SQL_SUP_LIST_HANDLER] =
        "SELECT " SUP_COLS " WHERE s.handler_id = ?1 AND s.state = 1 ORDER BY s.due_day, s.id",
    [BM_SQL_SUP_COUNT_HANDLER] =
        "SELECT count(*) FROM supervision WHERE handler_id = ?1 AND state = 1",
    [BM_SQL_SUP_COUNTS_CENTRE] =
        "SELECT coalesce(sum(CASE WHEN state = 1 THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN state = 2 THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN state = 1 AND due_day < ?2 THEN 1 ELSE 0 END), 0) "
        "FROM supervision WHERE centre_id = ?1 AND state <= 2",
    [BM_SQL_DESK_EVENT_INSERT] =
        "INSERT INTO supervision_event (object, object_id, at, account_id, login, action, note, "
        "session, station) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [BM_SQL_DESK_EVENTS] =
        "SELECT at, login, action, note FROM supervision_event WHERE object = ?1 "
        "AND object_id = ?2 ORDER BY id",
    [BM_SQL_DESK_BAD_UNRECTIFIED] =
        "SELECT count(*) FROM bcase c WHERE c.centre_id = ?1 AND c.rating <= 2 "
        "AND NOT EXISTS (SELECT 1 FROM rectification r WHERE r.case_id = c.id)",
#define RECT_COLS "r.id, r.case_id, c.no, coalesce(m.name, b.name), a.name, r.centre_id, " \
    "coalesce(r.handler_id, 0), coalesce(h.name, ''), r.rating, r.channel, r.opened_day, " \
    "r.due_day, r.state, coalesce(r.founded, -1), r.verification, r.action, " \
    "coalesce(r.done_day, ''), r.appeal, r.decision, coalesce(r.new_rating, 0) " \
    "FROM rectification r JOIN bcase c ON c.id = r.case_id " \
    "JOIN applicant a ON a.id = c.applicant_id LEFT JOIN matter m ON m.id = c.matter_id " \
    "LEFT JOIN bundle b ON b.id = c.bundle_id LEFT JOIN account h ON h.id = r.handler_id"
    [BM_SQL_RECT_INSERT] =
        "INSERT INTO rectification (case_id, centre_id, handler_id, rating, channel, opened_at, "
        "opened_day, due_day, state, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?6) "
        "ON CONFLICT (case_id) DO NOTHING",
    [BM_SQL_RECT_GET] = "SELECT " RECT_COLS " WHERE r.id = ?1",
    [BM_SQL_RECT_GET_CASE] = "SELECT " RECT_COLS " WHERE r.case_id = ?1",
    [BM_SQL_RECT_UPDATE] =
        "UPDATE rectification SET state = ?2, founded = ?3, verification = ?4, action = ?5, "
        "done_day = ?6, appeal = ?7, decision = ?8, new_rating = ?9, closed_at = ?10, "
        "updated_at = ?11 WHERE id = ?1",
    [BM_SQL_RECT_LIST_CENTRE] =
        "SELECT " RECT_COLS " WHERE r.centre_id = ?1 "
        "ORDER BY CASE WHEN r.state <= 2 THEN 0 WHEN r.state = 3 THEN 1 ELSE 2 END, "
        "r.due_day, r.id LIMIT 500",
    [BM_SQL_RECT_LIST_HANDLER] =
        "SELECT " RECT_COLS " WHERE r.handler_id = ?1 AND r.state <= 2 ORDER BY r.due_day, r.id",
    [BM_SQL_RECT_COUNTS_CENTRE] =
        "SELECT count(*), coalesce(sum(CASE WHEN due_day < ?2 THEN 1 ELSE 0 END), 0) "
        "FROM rectification WHERE centre_id = ?1 AND state <= 2",
    /* Bad ratings that count (an accepted appeal removes one), done, done on time, and
     * called back. */
    [BM_SQL_RECT_FIGURES] =
        "SELECT coalesce(sum(CASE WHEN state != 5 THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN state IN (3, 4) THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN state IN (3, 4) AND done_day <= due_day THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN state = 4 THEN 1 ELSE 0 END), 0) "
        "FROM rectification WHERE centre_id = ?1",
#define CB_COLS "k.id, k.case_id, c.no, coalesce(m.name, b.name), a.name, a.phone, " \
    "k.centre_id, coalesce(k.handler_id, 0), coalesce(h.name, ''), k.reason, k.due_day, " \
    "k.state, k.attempts, coalesce(k.rating, 0), k.remarks, k.sent_back " \
    "FROM callback k JOIN bcase c ON c.id = k.case_id " \
    "JOIN applicant a ON a.id = c.applicant_id LEFT JOIN matter m ON m.id = c.matter_id " \
    "LEFT JOIN bundle b ON b.id = c.bundle_id LEFT JOIN account h ON h.id = k.handler_id"
    [BM_SQL_CB_INSERT] =
        "INSERT INTO callback (case_id, centre_id, handler_id, reason, due_day, state, "
        "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6) ON CONFLICT (case_id, reason) DO NOTHING",
    [BM_SQL_CB_GET] = "SELECT " CB_COLS " WHERE k.id = ?1",
    [BM_SQL_CB_UPDATE] =
        "UPDATE callback SET due_day = ?2, state = ?3, attempts = ?4, rating = ?5, remarks = ?6, "
        "sent_back = ?7, done_at = ?8, updated_at = ?9 WHERE id = ?1",
    [BM_SQL_CB_LIST_DUE] =
        "SELECT " CB_COLS " WHERE k.centre_id = ?1 AND k.state IN (1, 3) AND k.due_day <= ?2 "
        "ORDER BY k.reason, k.due_day, k.id LIMIT 500",
    [BM_SQL_CB_COUNT_DUE] =
        "SELECT count(*) FROM callback WHERE centre_id = ?1 AND state IN (1, 3) "
        "AND due_day <= ?2",
    [BM_SQL_CB_SENT_BACK] =
        "SELECT " CB_COLS " WHERE k.handler_id = ?1 AND k.sent_back = 1 ORDER BY k.done_at DESC, "
        "k.id DESC",
    [BM_SQL_CB_UNRATED] =
        "SELECT c.id, coalesce(c.handler_id, 0), c.completed_day FROM bcase c "
        "WHERE c.centre_id = ?1 AND c.status = 8 AND c.completed_day >= ?2 "
        "AND c.completed_day <= ?3 AND c.rating IS NULL AND c.parent_id IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM callback k WHERE k.case_id = c.id) ORDER BY c.id",
    [BM_SQL_CB_COMPLETED_MONTH] =
        "SELECT c.id, coalesce(c.handler_id, 0), c.no FROM bcase c "
        "WHERE c.centre_id = ?1 AND c.status = 8 AND c.completed_day >= ?2 "
        "AND c.completed_day < ?3 AND c.parent_id IS NULL ORDER BY c.handler_id, c.id",
#define IMP_COLS "i.id, i.centre_id, i.person, i.phone, i.wish, i.cause, coalesce(i.case_id, 0), " \
    "coalesce(c.no, ''), coalesce(i.order_id, 0), i.tier, i.tier_due, i.state, i.outcome, " \
    "i.feedback, i.recorded_by, i.recorded_day FROM impossible i " \
    "LEFT JOIN bcase c ON c.id = i.case_id"
    [BM_SQL_IMP_INSERT] =
        "INSERT INTO impossible (centre_id, person, phone, wish, cause, case_id, order_id, tier, "
        "tier_due, state, recorded_by, recorded_at, recorded_day, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, 1, ?9, ?10, ?11, ?10)",
    [BM_SQL_IMP_GET] = "SELECT " IMP_COLS " WHERE i.id = ?1",
    [BM_SQL_IMP_UPDATE] =
        "UPDATE impossible SET tier = ?2, tier_due = ?3, state = ?4, outcome = ?5, feedback = ?6, "
        "closed_at = ?7, updated_at = ?8 WHERE id = ?1",
    [BM_SQL_IMP_LIST_CENTRE] =
        "SELECT " IMP_COLS " WHERE i.centre_id = ?1 ORDER BY i.state, i.tier DESC, i.tier_due, "
        "i.id LIMIT 500",
    [BM_SQL_IMP_COUNTS_CENTRE] =
        "SELECT coalesce(sum(CASE WHEN tier = 1 THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN tier = 2 THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN tier = 3 THEN 1 ELSE 0 END), 0) "
        "FROM impossible WHERE centre_id = ?1 AND state = 1",
    [BM_SQL_IMP_BY_CAUSE] =
        "SELECT cause, count(*) FROM impossible WHERE centre_id = ?1 AND recorded_day >= ?2 "
        "AND recorded_day < ?3 GROUP BY cause ORDER BY cause",
    /* ---- the centre head's desk ---- end */
    /* always open (issue 12, wave 3): hand-overs, appointments, whereabouts notes. A
     * hand-over is unread for a person (?2) when an item names them and they have not signed
     * it, or an item is for the centre's pool and nobody has signed it yet. */
#define HANDOVER_COLS \
    "h.id, h.centre_id, h.author_id, a.name, h.written_at, h.came_in, h.done, h.left_over, " \
    "coalesce((SELECT g.signed_at FROM handover_sign g WHERE g.handover_id = h.id " \
    "AND g.account_id = ?2), 0), " \
    "(SELECT count(*) FROM handover_sign g WHERE g.handover_id = h.id), "
#define HANDOVER_FROM " FROM handover h JOIN account a ON a.id = h.author_id "
#define HANDOVER_FOR_ME \
    "h.author_id != ?2 AND (EXISTS (SELECT 1 FROM handover_item i WHERE i.handover_id = h.id " \
    "AND i.assignee_id = ?2 AND NOT EXISTS (SELECT 1 FROM handover_sign g " \
    "WHERE g.handover_id = h.id AND g.account_id = ?2)) OR (EXISTS (SELECT 1 FROM " \
    "handover_item i WHERE i.handover_id = h.id AND i.assignee_id IS NULL) AND NOT EXISTS " \
    "(SELECT 1 FROM handover_sign g WHERE g.handover_id = h.id)))"
    [BM_SQL_HANDOVER_INSERT] =
        "INSERT INTO handover (centre_id, author_id, written_at, came_in, done, left_over) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [BM_SQL_HANDOVER_ITEM_INSERT] =
        "INSERT INTO handover_item (handover_id, position, text, assignee_id) "
        "VALUES (?1, ?2, ?3, nullif(?4, 0))",
    [BM_SQL_HANDOVER_GET] = "SELECT " HANDOVER_COLS HANDOVER_FOR_ME HANDOVER_FROM "WHERE h.id = ?1",
    [BM_SQL_HANDOVER_ITEMS] =
        "SELECT i.text, coalesce(i.assignee_id, 0), coalesce(a.name, '') FROM handover_item i "
        "LEFT JOIN account a ON a.id = i.assignee_id WHERE i.handover_id = ?1 ORDER BY i.position",
    [BM_SQL_HANDOVER_LIST] =
        "SELECT " HANDOVER_COLS HANDOVER_FOR_ME HANDOVER_FROM "WHERE h.centre_id = ?1 "
        "ORDER BY h.written_at DESC, h.id DESC LIMIT ?3",
    [BM_SQL_HANDOVER_UNREAD] =
        "SELECT count(*) FROM handover h WHERE h.centre_id = ?1 AND " HANDOVER_FOR_ME,
    [BM_SQL_HANDOVER_SIGN] =
        "INSERT INTO handover_sign (handover_id, account_id, signed_at) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (handover_id, account_id) DO NOTHING",
#undef HANDOVER_COLS
#undef HANDOVER_FOR_ME
#undef HANDOVER_FROM
/* A slot with who serves it (extended hours) and how many live appointments (booked or
 * arrived: statuses 1 and 2) it holds. */
#define SLOT_COLS \
    "s.id, s.centre_id, s.start_at, s.end_at, s.capacity, coalesce(s.staff_id, 0), " \
    "coalesce(t.name, ''), (SELECT count(*) FROM appointment p WHERE p.slot_id = s.id " \
    "AND p.status IN (1, 2)) FROM appt_slot s LEFT JOIN account t ON t.id = s.staff_id "
    [BM_SQL_APPT_SLOT_SET] =
        "INSERT INTO appt_slot (centre_id, start_at, end_at, capacity, staff_id) "
        "VALUES (?1, ?2, ?3, ?4, nullif(?5, 0)) ON CONFLICT (centre_id, start_at) "
        "DO UPDATE SET end_at = ?3, capacity = ?4, staff_id = nullif(?5, 0)",
    [BM_SQL_APPT_SLOT_GET] = "SELECT " SLOT_COLS "WHERE s.id = ?1",
    [BM_SQL_APPT_SLOT_AT] = "SELECT " SLOT_COLS "WHERE s.centre_id = ?1 AND s.start_at = ?2",
    [BM_SQL_APPT_SLOTS_FREE] =
        "SELECT " SLOT_COLS "WHERE s.centre_id = ?1 AND s.start_at >= ?2 AND s.start_at < ?3 "
        "AND (SELECT count(*) FROM appointment p WHERE p.slot_id = s.id "
        "AND p.status IN (1, 2)) < s.capacity ORDER BY s.start_at LIMIT ?4",
#undef SLOT_COLS
#define APPT_COLS \
    "p.id, p.slot_id, p.centre_id, p.applicant_id, a.name, a.phone, p.matter_code, " \
    "p.matter_name, p.channel, p.status, p.booked_by, b.name, p.booked_at, " \
    "coalesce(p.case_id, 0), p.note, s.start_at, s.end_at, coalesce(s.staff_id, 0), " \
    "coalesce(t.name, '') FROM appointment p JOIN applicant a ON a.id = p.applicant_id " \
    "JOIN account b ON b.id = p.booked_by JOIN appt_slot s ON s.id = p.slot_id " \
    "LEFT JOIN account t ON t.id = s.staff_id "
    [BM_SQL_APPT_INSERT] =
        "INSERT INTO appointment (slot_id, centre_id, applicant_id, matter_code, matter_name, "
        "channel, status, booked_by, booked_at, note) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [BM_SQL_APPT_GET] = "SELECT " APPT_COLS "WHERE p.id = ?1",
    [BM_SQL_APPT_SET] =
        "UPDATE appointment SET slot_id = ?2, status = ?3, case_id = nullif(?4, 0) WHERE id = ?1",
    [BM_SQL_APPT_LIST] =
        "SELECT " APPT_COLS "WHERE p.centre_id = ?1 AND s.start_at >= ?2 AND s.start_at < ?3 "
        "ORDER BY s.start_at, p.id",
#undef APPT_COLS
    [BM_SQL_WHERE_CLEAR] =
        "UPDATE whereabouts SET cleared_at = ?2, cleared_how = ?3 "
        "WHERE account_id = ?1 AND cleared_at IS NULL AND back_at > ?2",
    [BM_SQL_WHERE_INSERT] =
        "INSERT INTO whereabouts (account_id, kind, place, back_at, set_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5)",
    [BM_SQL_WHERE_CURRENT] =
        "SELECT kind, place, back_at, set_at FROM whereabouts WHERE account_id = ?1 "
        "AND cleared_at IS NULL AND back_at > ?2 ORDER BY id DESC LIMIT 1",
    /* The staff of a centre (its township units and villages), with a note that holds now. */
    [BM_SQL_WHERE_STAFF] =
        "SELECT a.id, a.name, a.role, a.phone, o.name, a.login, coalesce(w.kind, 0), "
        "coalesce(w.place, ''), coalesce(w.back_at, 0) FROM account a "
        "JOIN org_unit o ON o.id = a.org_id LEFT JOIN whereabouts w ON w.id = "
        "(SELECT max(x.id) FROM whereabouts x WHERE x.account_id = a.id "
        "AND x.cleared_at IS NULL AND x.back_at > ?2) "
        "WHERE o.centre_id = ?1 AND a.locked = 0 AND a.role != ?3 ORDER BY a.role, a.login",
    [BM_SQL_WHERE_HISTORY] =
        "SELECT kind, place, back_at, set_at, coalesce(cleared_at, 0), cleared_how "
        "FROM whereabouts WHERE account_id = ?1 ORDER BY id DESC LIMIT ?2",
    /* end of always open (wave 3) */
    /* ---- admin maintenance (issue 16) ---- begin */
    [BM_SQL_ADMIN_ACCOUNT_EXTRA] =
        "SELECT a.phone, a.must_change, a.lock_reason, a.last_login, "
        "(SELECT count(*) FROM account_key k WHERE k.account_id = a.id) "
        "FROM account a WHERE a.id = ?1",
    [BM_SQL_ADMIN_ACCOUNT_SET_HASH] =
        "UPDATE account SET pw_hash = ?2, must_change = ?3 WHERE id = ?1",
    [BM_SQL_ADMIN_ACCOUNT_LOCK] =
        "UPDATE account SET locked = ?2, lock_reason = ?3 WHERE id = ?1",
    [BM_SQL_ADMIN_ACCOUNT_PLACE] = "UPDATE account SET role = ?2, org_id = ?3 WHERE id = ?1",
    [BM_SQL_ADMIN_ACCOUNT_LAST_LOGIN] = "UPDATE account SET last_login = ?2 WHERE id = ?1",
    [BM_SQL_ADMIN_ACCOUNT_KEY_DELETE] =
        "DELETE FROM account_key WHERE account_id = ?1 AND key_line = ?2",
    [BM_SQL_ADMIN_ORG_RENAME] = "UPDATE org_unit SET name = ?2 WHERE id = ?1",
    [BM_SQL_ADMIN_ORG_MOVE] = "UPDATE org_unit SET parent_id = ?2 WHERE id = ?1",
    /* The village and its groups and grids belong to the new centre from now on. */
    [BM_SQL_ADMIN_ORG_MOVE_BELOW] = "UPDATE org_unit SET centre_id = ?2 WHERE village_id = ?1",
    [BM_SQL_ADMIN_ORG_SET_ACTIVE] = "UPDATE org_unit SET active = ?2 WHERE id = ?1",
    [BM_SQL_ADMIN_ORG_SET_PHONE] = "UPDATE org_unit SET phone = ?2 WHERE id = ?1",
    [BM_SQL_ADMIN_ORG_ACTIVE_CHILDREN] =
        "SELECT count(*) FROM org_unit WHERE parent_id = ?1 AND active = 1",
    /* ---- admin maintenance ---- end */
    /* ---- always open, wave 4 (duty3) ---- begin */
    /* A person's leave: their shifts of those days go back to the rotation (even those
     * changed by hand), and they stop being anyone's second. */
    [BM_SQL_DUTY_SHIFT_DROP_PERSON] =
        "DELETE FROM duty_shift WHERE centre_id = ?1 AND day >= ?2 AND day <= ?3 "
        "AND account_id = ?4",
    [BM_SQL_DUTY_SHIFT_DROP_SECOND] =
        "UPDATE duty_shift SET second_id = NULL WHERE centre_id = ?1 AND day >= ?2 "
        "AND day <= ?3 AND second_id = ?4",
    /* Every slot of a centre in [?2, ?3) with its live bookings (the slot administration). */
    [BM_SQL_APPT_SLOTS_RANGE] =
        "SELECT s.id, s.centre_id, s.start_at, s.end_at, s.capacity, coalesce(s.staff_id, 0), "
        "coalesce(t.name, ''), (SELECT count(*) FROM appointment p WHERE p.slot_id = s.id "
        "AND p.status IN (1, 2)) FROM appt_slot s LEFT JOIN account t ON t.id = s.staff_id "
        "WHERE s.centre_id = ?1 AND s.start_at >= ?2 AND s.start_at < ?3 ORDER BY s.start_at",
    /* ---- always open, wave 4 ---- end */
    /* ---- catalogue maintenance (issue 16) ---- begin */
    [BM_SQL_CAT_RETIRED_GET] =
        "SELECT r.retired_at, coalesce(a.login, ''), r.reason FROM matter_retired r "
        "LEFT JOIN account a ON a.id = r.retired_by WHERE r.code = ?1",
    [BM_SQL_CAT_RETIRED_INSERT] =
        "INSERT INTO matter_retired (code, retired_at, retired_by, reason) VALUES (?1, ?2, ?3, ?4)",
    [BM_SQL_CAT_RETIRED_CODES] = "SELECT code FROM matter_retired ORDER BY code",
    /* ---- catalogue maintenance ---- end */
    /* ---- live sessions (issue 16) ---- begin */
    [BM_SQL_LIVE_INSERT] =
        "INSERT INTO live_session (host, pid, session, account_id, login, role, org_id, addr, "
        "term, cols, rows, charset, lang, screen, started_at, last_key_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, nullif(?7, 0), ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
        "?16)",
    [BM_SQL_LIVE_TOUCH] =
        "UPDATE live_session SET screen = ?2, last_key_at = ?3, charset = ?4, lang = ?5, "
        "cols = ?6, rows = ?7 WHERE id = ?1",
    [BM_SQL_LIVE_DELETE] = "DELETE FROM live_session WHERE id = ?1",
#define LIVE_COLS                                                                             \
    "l.id, l.session, l.account_id, l.login, coalesce(a.name, ''), l.role, "                  \
    "coalesce(o.name, ''), l.addr, l.term, l.cols, l.rows, l.charset, l.lang, l.screen, "      \
    "l.started_at, l.last_key_at, l.host, l.pid FROM live_session l "                         \
    "LEFT JOIN account a ON a.id = l.account_id LEFT JOIN org_unit o ON o.id = l.org_id "
    /* Every session, or one account's (?1 not 0). */
    [BM_SQL_LIVE_LIST] =
        "SELECT " LIVE_COLS "WHERE ?1 = 0 OR l.account_id = ?1 ORDER BY l.login, l.started_at, "
        "l.id",
    [BM_SQL_LIVE_GET] = "SELECT " LIVE_COLS "WHERE l.id = ?1",
#undef LIVE_COLS
    [BM_SQL_LIVE_PIDS] = "SELECT DISTINCT pid FROM live_session WHERE host = ?1",
    [BM_SQL_LIVE_DELETE_PROCESS] = "DELETE FROM live_session WHERE host = ?1 AND pid = ?2",
    [BM_SQL_LIVE_REQ_INSERT] =
        "INSERT INTO live_request (session_id, kind, text, from_login, made_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5)",
    /* What waits for the sessions of one process, oldest first. */
    [BM_SQL_LIVE_REQ_FOR_PROCESS] =
        "SELECT r.id, r.session_id, r.kind, r.text, r.from_login FROM live_request r "
        "JOIN live_session l ON l.id = r.session_id WHERE l.host = ?1 AND l.pid = ?2 "
        "ORDER BY r.id",
    [BM_SQL_LIVE_REQ_DELETE] = "DELETE FROM live_request WHERE id = ?1",
    [BM_SQL_LIVE_REQ_DELETE_SESSION] = "DELETE FROM live_request WHERE session_id = ?1",
    [BM_SQL_LIVE_REQ_DELETE_PROCESS] =
        "DELETE FROM live_request WHERE session_id IN "
        "(SELECT id FROM live_session WHERE host = ?1 AND pid = ?2)",
    /* ---- live sessions ---- end */
    /* ---- several server processes (issue 17) ---- begin */
    [BM_SQL_THROTTLE_GET] = "SELECT next_ms FROM login_throttle WHERE addr = ?1",
    /* One more failure, counted afresh when the last one is older than ?3: one statement, so
     * failures from two processes at once are both counted. */
    [BM_SQL_THROTTLE_FAIL] =
        "INSERT INTO login_throttle (addr, failures, last_ms, next_ms) VALUES (?1, 1, ?2, 0) "
        "ON CONFLICT (addr) DO UPDATE SET failures = CASE WHEN login_throttle.last_ms < ?3 "
        "THEN 1 ELSE login_throttle.failures + 1 END, last_ms = excluded.last_ms "
        "RETURNING failures",
    [BM_SQL_THROTTLE_NEXT] = "UPDATE login_throttle SET next_ms = ?2 WHERE addr = ?1",
    [BM_SQL_THROTTLE_EXPIRE] = "DELETE FROM login_throttle WHERE last_ms < ?1",
    [BM_SQL_DATA_VERSION_GET] = "SELECT version FROM data_version WHERE name = ?1",
    [BM_SQL_DATA_VERSION_RAISE] =
        "INSERT INTO data_version (name, version) VALUES (?1, 1) "
        "ON CONFLICT (name) DO UPDATE SET version = data_version.version + 1",
    /* The account's sessions held by other processes than ?2/?3. */
    [BM_SQL_LIVE_ELSEWHERE] =
        "SELECT count(*) FROM live_session WHERE account_id = ?1 AND NOT (host = ?2 AND pid = ?3)",
    /* ---- several server processes ---- end */
};
