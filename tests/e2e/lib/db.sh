# Shared by the shell tests that look into the database beside bianmin (sourced, not run):
# db_query SQL SQLITE_FILE prints the rows, one a line, columns separated by "|". On
# PostgreSQL (tests/run sets BIANMIN_DB to a database of the test's own on its cluster, and
# bianmin reads it from there) the query goes through psql, else through sqlite3 on the file.
db_query() {
    if [ -n "${BIANMIN_DB:-}" ]; then
        psql "$BIANMIN_DB" -X -A -t -q -c "$1"
    else
        sqlite3 "$2" "$1"
    fi
}
