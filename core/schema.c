/* The schema as numbered migrations. A database records the last one applied in
 * PRAGMA user_version; opening applies the rest in order, each in its own transaction.
 * Never edit a published migration: add a new one. */
#include <stdio.h>
#include "core/db_internal.h"

static const char *const migrations[] = {
    /* 1: organisation, staff accounts, audit log, working-day calendar. */
    "CREATE TABLE org_unit ("
    "  id INTEGER PRIMARY KEY,"
    "  code TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('county','township','village','window','group','grid')),"
    "  parent_id INTEGER REFERENCES org_unit(id),"
    "  centre_id INTEGER REFERENCES org_unit(id),"   /* the township centre; NULL for the county */
    "  village_id INTEGER REFERENCES org_unit(id),"  /* the village, for villages and below */
    "  phone TEXT NOT NULL DEFAULT '',"
    "  lang TEXT NOT NULL DEFAULT '',"               /* second service language, e.g. bo */
    "  office_hours TEXT NOT NULL DEFAULT '',"       /* '' = 09:00-12:00,14:00-17:30 */
    "  active INTEGER NOT NULL DEFAULT 1"
    ");"
    "CREATE INDEX org_unit_parent ON org_unit(parent_id);"
    "CREATE TABLE account ("
    "  id INTEGER PRIMARY KEY,"
    "  login TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  role INTEGER NOT NULL CHECK (role BETWEEN 1 AND 5),"
    "  org_id INTEGER NOT NULL REFERENCES org_unit(id),"
    "  pw_hash TEXT NOT NULL,"
    "  locked INTEGER NOT NULL DEFAULT 0,"
    "  lang TEXT NOT NULL DEFAULT '',"
    "  charset TEXT NOT NULL DEFAULT '',"
    "  phone TEXT NOT NULL DEFAULT '',"
    "  created_at INTEGER NOT NULL"
    ");"
    "CREATE INDEX account_org ON account(org_id);"
    "CREATE TABLE account_key ("
    "  id INTEGER PRIMARY KEY,"
    "  account_id INTEGER NOT NULL REFERENCES account(id),"
    "  key_line TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  UNIQUE (account_id, key_line)"
    ");"
    "CREATE TABLE login_failure ("
    "  id INTEGER PRIMARY KEY,"
    "  login TEXT NOT NULL,"
    "  addr TEXT NOT NULL,"
    "  at INTEGER NOT NULL"
    ");"
    "CREATE INDEX login_failure_login_at ON login_failure(login, at);"
    /* Append-only: no foreign keys (the log outlives what it describes). */
    "CREATE TABLE audit ("
    "  id INTEGER PRIMARY KEY,"
    "  at INTEGER NOT NULL,"
    "  account_id INTEGER NOT NULL,"
    "  login TEXT NOT NULL,"
    "  role TEXT NOT NULL,"
    "  session TEXT NOT NULL,"
    "  addr TEXT NOT NULL,"
    "  what TEXT NOT NULL,"
    "  object TEXT NOT NULL,"
    "  object_id TEXT NOT NULL,"
    "  before TEXT NOT NULL,"
    "  after TEXT NOT NULL,"
    "  note TEXT NOT NULL,"
    "  prev_hash TEXT NOT NULL,"
    "  hash TEXT NOT NULL"
    ");"
    "CREATE INDEX audit_object ON audit(object, object_id);"
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
    "  BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
    "  BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"
    "CREATE TABLE calendar_day ("
    "  day TEXT PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK (kind IN ('off','work')),"
    "  name TEXT NOT NULL"
    ") WITHOUT ROWID;"
    "CREATE TABLE calendar_year ("
    "  year INTEGER PRIMARY KEY,"
    "  source TEXT NOT NULL,"
    "  loaded_at INTEGER NOT NULL"
    ");",

    /* 2: catalogue (versioned), applicants with pinyin initials, cases and their history. */
    "CREATE TABLE matter ("
    "  id INTEGER PRIMARY KEY,"
    "  code TEXT NOT NULL,"
    "  version INTEGER NOT NULL,"
    "  is_current INTEGER NOT NULL,"
    "  name TEXT NOT NULL,"
    "  title TEXT NOT NULL,"
    "  dept TEXT NOT NULL,"
    "  level TEXT NOT NULL CHECK (level IN ('county','township','village')),"
    "  type TEXT NOT NULL,"
    "  basis TEXT NOT NULL,"
    "  legal_days INTEGER NOT NULL,"
    "  promised_days INTEGER NOT NULL,"
    "  fee_fen INTEGER NOT NULL,"
    "  fee_basis TEXT NOT NULL,"
    "  flags INTEGER NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  created_by INTEGER NOT NULL,"
    "  UNIQUE (code, version)"
    ");"
    "CREATE UNIQUE INDEX matter_current ON matter(code) WHERE is_current = 1;"
    "CREATE TABLE matter_material ("
    "  matter_id INTEGER NOT NULL REFERENCES matter(id),"
    "  seq INTEGER NOT NULL,"
    "  name TEXT NOT NULL,"
    "  original INTEGER NOT NULL,"
    "  copies INTEGER NOT NULL,"
    "  required INTEGER NOT NULL,"
    "  commit_ok INTEGER NOT NULL,"
    "  PRIMARY KEY (matter_id, seq)"
    ") WITHOUT ROWID;"
    "CREATE TABLE matter_situation ("
    "  matter_id INTEGER NOT NULL REFERENCES matter(id),"
    "  seq INTEGER NOT NULL,"
    "  question TEXT NOT NULL,"
    "  PRIMARY KEY (matter_id, seq)"
    ") WITHOUT ROWID;"
    "CREATE TABLE situation_effect ("
    "  matter_id INTEGER NOT NULL REFERENCES matter(id),"
    "  situation_seq INTEGER NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  op TEXT NOT NULL CHECK (op IN ('add','remove')),"
    "  name TEXT NOT NULL,"
    "  original INTEGER NOT NULL,"
    "  copies INTEGER NOT NULL,"
    "  required INTEGER NOT NULL,"
    "  commit_ok INTEGER NOT NULL,"
    "  PRIMARY KEY (matter_id, situation_seq, seq)"
    ") WITHOUT ROWID;"
    "CREATE TABLE bundle ("
    "  id INTEGER PRIMARY KEY,"
    "  code TEXT NOT NULL,"
    "  version INTEGER NOT NULL,"
    "  is_current INTEGER NOT NULL,"
    "  name TEXT NOT NULL,"
    "  title TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  created_by INTEGER NOT NULL,"
    "  UNIQUE (code, version)"
    ");"
    "CREATE UNIQUE INDEX bundle_current ON bundle(code) WHERE is_current = 1;"
    "CREATE TABLE bundle_matter ("
    "  bundle_id INTEGER NOT NULL REFERENCES bundle(id),"
    "  seq INTEGER NOT NULL,"
    "  matter_code TEXT NOT NULL,"
    "  PRIMARY KEY (bundle_id, seq)"
    ") WITHOUT ROWID;"
    "CREATE TABLE applicant ("
    "  id INTEGER PRIMARY KEY,"
    "  kind INTEGER NOT NULL CHECK (kind IN (1, 2)),"      /* 1 person, 2 legal person */
    "  name TEXT NOT NULL,"
    "  id_no TEXT,"                                        /* ID number or credit code */
    "  phone TEXT NOT NULL DEFAULT '',"
    "  village_id INTEGER REFERENCES org_unit(id),"
    "  group_id INTEGER REFERENCES org_unit(id),"
    "  flags INTEGER NOT NULL DEFAULT 0,"
    "  lang TEXT NOT NULL DEFAULT 'zh',"
    "  address TEXT NOT NULL DEFAULT '',"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL"
    ");"
    "CREATE UNIQUE INDEX applicant_id_no ON applicant(id_no);"
    "CREATE INDEX applicant_phone ON applicant(phone);"
    "CREATE INDEX applicant_name ON applicant(name);"
    "CREATE INDEX applicant_village ON applicant(village_id);"
    "CREATE TABLE applicant_initials ("
    "  initials TEXT NOT NULL,"
    "  applicant_id INTEGER NOT NULL REFERENCES applicant(id),"
    "  PRIMARY KEY (initials, applicant_id)"
    ") WITHOUT ROWID;"
    "CREATE INDEX applicant_initials_applicant ON applicant_initials(applicant_id);"
    "CREATE TABLE case_number ("
    "  county_id INTEGER NOT NULL,"
    "  day TEXT NOT NULL,"
    "  last INTEGER NOT NULL,"
    "  PRIMARY KEY (county_id, day)"
    ") WITHOUT ROWID;"
    "CREATE TABLE bcase ("
    "  id INTEGER PRIMARY KEY,"
    "  no TEXT NOT NULL UNIQUE,"
    "  parent_id INTEGER REFERENCES bcase(id),"
    "  bundle_id INTEGER REFERENCES bundle(id),"
    "  matter_id INTEGER REFERENCES matter(id),"
    "  applicant_id INTEGER NOT NULL REFERENCES applicant(id),"
    "  agent_id INTEGER REFERENCES account(id),"
    "  channel INTEGER NOT NULL,"
    "  status INTEGER NOT NULL,"
    "  is_open INTEGER NOT NULL,"
    "  centre_id INTEGER NOT NULL REFERENCES org_unit(id),"
    "  village_id INTEGER REFERENCES org_unit(id),"
    "  first_contact_id INTEGER NOT NULL REFERENCES account(id),"
    "  handler_id INTEGER REFERENCES account(id),"
    "  off_hours INTEGER NOT NULL DEFAULT 0,"
    "  created_at INTEGER NOT NULL,"
    "  accepted_at INTEGER,"
    "  accepted_day TEXT,"
    "  promised_days INTEGER NOT NULL,"
    "  deadline TEXT,"
    "  paused_since TEXT,"
    "  paused_days INTEGER NOT NULL DEFAULT 0,"
    "  commit_due TEXT,"
    "  completed_at INTEGER,"
    "  completed_day TEXT,"
    "  result TEXT NOT NULL DEFAULT '',"
    "  delivery TEXT NOT NULL DEFAULT '',"
    "  refuse_reason TEXT NOT NULL DEFAULT '',"
    "  situations TEXT NOT NULL DEFAULT '',"
    "  note TEXT NOT NULL DEFAULT '',"
    "  rating INTEGER,"
    "  rating_channel TEXT,"
    "  rated_at INTEGER,"
    "  updated_at INTEGER NOT NULL"
    ");"
    /* Open-case lists are index range scans already in deadline order. */
    "CREATE INDEX bcase_centre_open ON bcase(centre_id, deadline, id) WHERE is_open = 1;"
    "CREATE INDEX bcase_handler_open ON bcase(handler_id, deadline, id) WHERE is_open = 1;"
    "CREATE INDEX bcase_village_open ON bcase(village_id, deadline, id) WHERE is_open = 1;"
    "CREATE INDEX bcase_applicant ON bcase(applicant_id);"
    "CREATE INDEX bcase_parent ON bcase(parent_id);"
    "CREATE INDEX bcase_centre_created ON bcase(centre_id, created_at);"
    "CREATE TABLE case_material ("
    "  case_id INTEGER NOT NULL REFERENCES bcase(id),"
    "  seq INTEGER NOT NULL,"
    "  name TEXT NOT NULL,"
    "  original INTEGER NOT NULL,"
    "  copies INTEGER NOT NULL,"
    "  required INTEGER NOT NULL,"
    "  commit_ok INTEGER NOT NULL,"
    "  received INTEGER NOT NULL,"
    "  PRIMARY KEY (case_id, seq)"
    ") WITHOUT ROWID;"
    "CREATE TABLE case_history ("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES bcase(id),"
    "  at INTEGER NOT NULL,"
    "  account_id INTEGER NOT NULL,"
    "  login TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  from_status INTEGER NOT NULL,"
    "  to_status INTEGER NOT NULL,"
    "  session TEXT NOT NULL,"
    "  station TEXT NOT NULL,"
    "  note TEXT NOT NULL"
    ");"
    "CREATE INDEX case_history_case ON case_history(case_id, id);",

    /* 3: an agent's ledger (代办台账) is a range scan too. */
    "CREATE INDEX bcase_agent_open ON bcase(agent_id, deadline, id) WHERE is_open = 1;",

    /* 4: the line-drawing preference, and drafts: what a user had typed in a session that
     * ended without a save (a dropped link past its grace period, a server shutdown). */
    "ALTER TABLE account ADD COLUMN lines TEXT NOT NULL DEFAULT '';"
    "CREATE TABLE draft ("
    "  id INTEGER PRIMARY KEY,"
    "  account_id INTEGER NOT NULL REFERENCES account(id),"
    "  created_at INTEGER NOT NULL,"
    "  screen TEXT NOT NULL,"
    "  title TEXT NOT NULL,"
    "  body TEXT NOT NULL"
    ");"
    "CREATE INDEX draft_account ON draft(account_id, created_at);",
};

int bm_schema_latest(void)
{
    return (int)(sizeof migrations / sizeof migrations[0]);
}

static int user_version(bm_db *db, int *v, bm_err *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return bm_db_fail(db, err, "reading the schema version");
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        return bm_db_fail(db, err, "reading the schema version");
    }
    *v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return BM_OK;
}

int bm_schema_migrate(bm_db *db, int to_version, bm_err *err)
{
    int v = 0, rc;
    if ((rc = user_version(db, &v, err)) != BM_OK)
        return rc;
    if (v > bm_schema_latest())
        return bm_fail(err, BM_EINVALID,
                       N_("The database was made by a newer version of bianmin; upgrade the program"),
                       "schema version %d, this program knows up to %d", v, bm_schema_latest());
    for (; v < to_version; v++) {
        char setv[64];
        snprintf(setv, sizeof setv, "PRAGMA user_version = %d", v + 1);
        if ((rc = bm_sql_exec(db, "BEGIN IMMEDIATE", err)) != BM_OK)
            return rc;
        if ((rc = bm_sql_exec(db, migrations[v], err)) != BM_OK ||
            (rc = bm_sql_exec(db, setv, err)) != BM_OK) {
            bm_err keep = err ? *err : (bm_err){0};
            sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
            if (err) {
                *err = keep;
                err->reason = N_("Upgrading the database schema failed");
            }
            return rc;
        }
        if ((rc = bm_sql_exec(db, "COMMIT", err)) != BM_OK)
            return rc;
    }
    return BM_OK;
}
