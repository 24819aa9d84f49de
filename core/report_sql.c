/* The report engine's statements, in portable SQL: one text per split, made from the same
 * parts, so "received by village" and "received" cannot count differently. Each runs on the
 * day and instant indexes of the report migrations, the case statements of a centre or a
 * village on the centre's. */
#include "core/report_internal.h"

/* Who counts: a bundle once as its top case; in the matter and department splits, every case
 * that names a matter (single cases and sub-cases). */
#define TOP " c.parent_id IS NULL"
#define LEAF " c.matter_id IS NOT NULL"
#define SCOPE_C " AND (CAST(?3 AS INTEGER) IS NULL OR c.centre_id = ?3)" \
                " AND (CAST(?4 AS INTEGER) IS NULL OR c.village_id = ?4)"
/* The case statements come in one text per scope level, so that a centre's or a village's
 * report reads its own cases through the centre indexes instead of the county's; each names
 * ?3 and ?4 (NULL above its level). */
#define AT_COUNTY " AND CAST(?3 AS INTEGER) IS NULL AND CAST(?4 AS INTEGER) IS NULL"
#define AT_CENTRE " AND c.centre_id = ?3 AND CAST(?4 AS INTEGER) IS NULL"
#define AT_VILLAGE " AND c.centre_id = ?3 AND c.village_id = ?4"

/* A bad rating whose appeal the head accepted (?6 the rectification's state then) is out of
 * the figures: neither rated nor counted as bad, while the case's history keeps it. */
#define VOIDED " (c.rating <= 2 AND EXISTS (SELECT 1 FROM rectification x" \
    " WHERE x.case_id = c.id AND x.state = ?6))"

#define RECEIVED(scope, key, label, joins, level) \
    "SELECT " key ", min(" label "), count(*) FROM bcase c" joins \
    " WHERE c.accepted_day >= ?1 AND c.accepted_day <= ?2 AND" level scope " GROUP BY 1"
#define COMPLETED(scope, key, label, joins, level) \
    "SELECT " key ", min(" label "), count(*), " \
    "sum(CASE WHEN c.completed_day <= c.deadline THEN 1 ELSE 0 END), " \
    "sum(CASE WHEN c.promised_days = 0 AND c.completed_day = c.accepted_day THEN 1 ELSE 0 END), " \
    "sum(CASE WHEN c.rating IS NOT NULL AND NOT" VOIDED " THEN 1 ELSE 0 END), " \
    "sum(CASE WHEN c.rating = 1 AND NOT" VOIDED " THEN 1 ELSE 0 END), " \
    "sum(CASE WHEN c.rating = 2 AND NOT" VOIDED " THEN 1 ELSE 0 END), " \
    "sum(CASE WHEN c.rating = 3 THEN 1 ELSE 0 END), sum(CASE WHEN c.rating = 4 THEN 1 ELSE 0 END), " \
    "sum(CASE WHEN c.rating = 5 THEN 1 ELSE 0 END) FROM bcase c" joins \
    " WHERE c.status = ?5 AND c.completed_day >= ?1 AND c.completed_day <= ?2 AND" level scope \
    " GROUP BY 1"
#define OVERDUE(scope, key, label, joins, level) \
    "SELECT " key ", min(" label "), count(*) FROM bcase c" joins \
    " WHERE c.is_open = 1 AND c.deadline < ?1 AND c.status != ?2 AND" level scope " GROUP BY 1"

#define K_TOTAL "''", "''", "", TOP
#define K_CHANNEL "CAST(c.channel AS TEXT)", "''", "", TOP
#define K_MATTER "m.code", "m.name", " JOIN matter m ON m.id = c.matter_id", LEAF
#define K_DEPT "m.dept", "m.dept", " JOIN matter m ON m.id = c.matter_id", LEAF
#define K_VILLAGE "CAST(coalesce(c.village_id, 0) AS TEXT)", "coalesce(v.name, '')", \
    " LEFT JOIN org_unit v ON v.id = c.village_id", TOP
#define K_STAFF "CAST(coalesce(c.handler_id, c.first_contact_id) AS TEXT)", "s.name", \
    " JOIN account s ON s.id = coalesce(c.handler_id, c.first_contact_id)", TOP
#define K_CENTRE "CAST(c.centre_id AS TEXT)", "o.name", " JOIN org_unit o ON o.id = c.centre_id", TOP

/* Spreads a key's four parts over a query's arguments. */
#define Q(query, scope, k) query##_(scope, k)
#define RECEIVED_(...) RECEIVED(__VA_ARGS__)
#define COMPLETED_(...) COMPLETED(__VA_ARGS__)
#define OVERDUE_(...) OVERDUE(__VA_ARGS__)
#define SPLITS(query, scope) { \
    [BM_SPLIT_TOTAL] = Q(query, scope, K_TOTAL), [BM_SPLIT_CHANNEL] = Q(query, scope, K_CHANNEL), \
    [BM_SPLIT_MATTER] = Q(query, scope, K_MATTER), [BM_SPLIT_DEPT] = Q(query, scope, K_DEPT), \
    [BM_SPLIT_VILLAGE] = Q(query, scope, K_VILLAGE), [BM_SPLIT_STAFF] = Q(query, scope, K_STAFF), \
    [BM_SPLIT_CENTRE] = Q(query, scope, K_CENTRE) }
#define LEVELS(query) { \
    [BM_REPORT_COUNTY - 1] = SPLITS(query, AT_COUNTY), \
    [BM_REPORT_CENTRE - 1] = SPLITS(query, AT_CENTRE), \
    [BM_REPORT_VILLAGE - 1] = SPLITS(query, AT_VILLAGE) }

const char *const bm_report_case_sql[BM_RQ_COUNT][BM_RPT_LEVELS][BM_SPLIT_COUNT] = {
    [BM_RQ_RECEIVED] = LEVELS(RECEIVED),
    [BM_RQ_COMPLETED] = LEVELS(COMPLETED),
    [BM_RQ_OVERDUE] = LEVELS(OVERDUE),
};

#define DURATIONS(scope) \
    "SELECT c.accepted_day, c.completed_day, c.paused_days, count(*) FROM bcase c " \
    "WHERE c.status = ?5 AND c.completed_day >= ?1 AND c.completed_day <= ?2 AND" TOP scope \
    " GROUP BY 1, 2, 3"
const char *const bm_report_sql_durations[BM_RPT_LEVELS] = {
    [BM_REPORT_COUNTY - 1] = DURATIONS(AT_COUNTY),
    [BM_REPORT_CENTRE - 1] = DURATIONS(AT_CENTRE),
    [BM_REPORT_VILLAGE - 1] = DURATIONS(AT_VILLAGE),
};

#define IN_PERIOD(col) "CASE WHEN " col " >= ?1 AND " col " < ?2 THEN "
const char bm_report_sql_proxy[] =
    "SELECT coalesce(sum(" IN_PERIOD("p.taken_at") "1 ELSE 0 END), 0), "
    "coalesce(sum(" IN_PERIOD("p.forwarded_at") "1 ELSE 0 END), 0), "
    "coalesce(sum(" IN_PERIOD("p.told_at") "1 ELSE 0 END), 0), "
    "coalesce(sum(" IN_PERIOD("p.told_at") "p.told_at - p.taken_at ELSE 0 END), 0) "
    "FROM proxy_request p WHERE p.taken_at < ?2 "
    "AND (p.taken_at >= ?1 OR p.forwarded_at >= ?1 OR p.told_at >= ?1) "
    "AND (CAST(?3 AS INTEGER) IS NULL OR p.centre_id = ?3) "
    "AND (CAST(?4 AS INTEGER) IS NULL OR p.village_id = ?4)";

const char bm_report_sql_orders[] =
    "SELECT w.kind, k.state, count(*) FROM work_order w "
    "JOIN work_order_clock k ON k.order_id = w.id "
    "WHERE w.received_at >= ?1 AND w.received_at < ?2 "
    "AND (CAST(?3 AS INTEGER) IS NULL OR w.centre_id = ?3) "
    "AND (CAST(?4 AS INTEGER) IS NULL OR w.village_id = ?4) GROUP BY 1, 2";

const char bm_report_sql_requests[] =
    "SELECT c.no, c.status, coalesce(m.code, b.code), coalesce(m.name, b.name), "
    "coalesce(m.dept, ''), c.accepted_at, c.updated_at, c.deadline, coalesce(v.name, ''), "
    "o.name, c.promised_days FROM bcase c LEFT JOIN matter m ON m.id = c.matter_id "
    "LEFT JOIN bundle b ON b.id = c.bundle_id LEFT JOIN org_unit v ON v.id = c.village_id "
    "JOIN org_unit o ON o.id = c.centre_id "
    "WHERE c.accepted_day >= ?1 AND c.accepted_day <= ?2 AND" TOP SCOPE_C " ORDER BY c.no";

/* The desk's figures count by the day their record is kept, the scope being the case's (a
 * could-not-get-it-done record without a case belongs to its centre only). */
const char bm_report_sql_rect[] =
    "SELECT coalesce(sum(CASE WHEN r.state != ?5 THEN 1 ELSE 0 END), 0), "
    "coalesce(sum(CASE WHEN r.state IN (?6, ?7) AND r.done_day <= r.due_day THEN 1 ELSE 0 END), 0), "
    "coalesce(sum(CASE WHEN r.state = ?5 THEN 1 ELSE 0 END), 0), "
    "coalesce(sum(CASE WHEN r.state != ?5 AND (r.state IN (?6, ?7) OR r.due_day < ?8) "
    "THEN 1 ELSE 0 END), 0) "
    "FROM rectification r JOIN bcase c ON c.id = r.case_id "
    "WHERE r.opened_day >= ?1 AND r.opened_day <= ?2" SCOPE_C;

const char bm_report_sql_callbacks[] =
    "SELECT count(*), coalesce(sum(CASE WHEN k.state = ?5 THEN 1 ELSE 0 END), 0) "
    "FROM callback k JOIN bcase c ON c.id = k.case_id "
    "WHERE k.due_day >= ?1 AND k.due_day <= ?2" SCOPE_C;

const char bm_report_sql_impossible[] =
    "SELECT i.cause, count(*) FROM impossible i LEFT JOIN bcase c ON c.id = i.case_id "
    "WHERE i.recorded_day >= ?1 AND i.recorded_day <= ?2 "
    "AND (CAST(?3 AS INTEGER) IS NULL OR i.centre_id = ?3) "
    "AND (CAST(?4 AS INTEGER) IS NULL OR c.village_id = ?4) GROUP BY 1";
