/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-store"

#include "config.h"

#include "kv-store-schema.h"

#include "kv-audit-chain.h"
#include "kv-audit-table.h"

/* The store's schema and its migrations: what the tables look like in
 * each version, and how a database of an older version is brought up to
 * this build's. */

typedef struct
{
  const char *sql;
  gboolean  (*then) (KvDatabase  *database,
                     GError     **error);
  const char *then_sql;
} Migration;

/* Migrations: entry i brings the schema from version i to i + 1, in one
 * transaction: its SQL, then (if any) a step in C and more SQL. Never edit
 * a released entry; append a new one. */
static const Migration migrations[] = {
  /* 0 -> 1 */
  {
  "CREATE TABLE kiosks ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  role TEXT NOT NULL CHECK (role IN ('community', 'prison')),"
  "  label TEXT NOT NULL DEFAULT '',"
  "  token_hash TEXT NOT NULL UNIQUE,"
  "  created_us INTEGER NOT NULL,"
  "  revoked_us INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE bookings ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  prison_kiosk TEXT NOT NULL REFERENCES kiosks (id),"
  "  community_kiosk TEXT NOT NULL REFERENCES kiosks (id),"
  "  start_us INTEGER NOT NULL,"
  "  end_us INTEGER NOT NULL,"
  "  prison_label TEXT NOT NULL,"
  "  community_label TEXT NOT NULL,"
  "  age_band TEXT NOT NULL,"
  "  created_us INTEGER NOT NULL,"
  "  cancelled_us INTEGER NOT NULL DEFAULT 0,"
  "  CHECK (end_us > start_us)"
  ");"
  "CREATE INDEX bookings_by_prison ON bookings (prison_kiosk, start_us);"
  "CREATE INDEX bookings_by_community ON bookings (community_kiosk, start_us);"
  "CREATE INDEX bookings_by_start ON bookings (start_us);"
  "CREATE TABLE sessions ("
  "  booking_id TEXT PRIMARY KEY NOT NULL REFERENCES bookings (id),"
  "  state TEXT NOT NULL,"
  "  outcome TEXT NOT NULL,"
  "  present INTEGER NOT NULL,"
  "  confirmed INTEGER NOT NULL,"
  "  absent INTEGER NOT NULL,"
  "  live_since_us INTEGER NOT NULL,"
  "  ended_at_us INTEGER NOT NULL,"
  "  lost_us INTEGER NOT NULL,"
  "  makeup_us INTEGER NOT NULL,"
  "  end_reason TEXT,"
  "  updated_us INTEGER NOT NULL"
  ");"
  "CREATE TABLE audit ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  time_us INTEGER NOT NULL,"
  "  actor TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  booking_id TEXT,"
  "  details TEXT NOT NULL DEFAULT ''"
  ");"
  "CREATE INDEX audit_by_time ON audit (time_us);"
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;",
  },
  /* 1 -> 2: the audit hash chain and its purge anchor; anonymous monthly
   * counts of purged visits. The old triggers go while the existing rows
   * get their hashes (an UPDATE they would refuse), and come back
   * stricter. */
  {
  "DROP TRIGGER audit_no_update;"
  "DROP TRIGGER audit_no_delete;"
  "ALTER TABLE audit ADD COLUMN hash TEXT NOT NULL DEFAULT '';"
  "CREATE TABLE audit_anchor ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  seq INTEGER NOT NULL,"
  "  hash TEXT NOT NULL"
  ");"
  "INSERT INTO audit_anchor (id, seq, hash) VALUES (1, 0, '" KV_AUDIT_CHAIN_GENESIS "');"
  "CREATE TABLE visit_counts ("
  "  month TEXT NOT NULL,"
  "  prison_kiosk TEXT NOT NULL,"
  "  community_kiosk TEXT NOT NULL,"
  "  outcome TEXT NOT NULL,"
  "  visits INTEGER NOT NULL,"
  "  booked_minutes INTEGER NOT NULL,"
  "  lost_seconds INTEGER NOT NULL,"
  "  makeup_seconds INTEGER NOT NULL,"
  "  PRIMARY KEY (month, prison_kiosk, community_kiosk, outcome)"
  ");",
  kv_audit_table_backfill_hashes,
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
  "  WHEN old.seq > (SELECT seq FROM audit_anchor)"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only: retention removes only the "
  "oldest rows, up to the purge anchor'); END;"
  "CREATE TRIGGER audit_appended_in_order BEFORE INSERT ON audit"
  "  WHEN length (new.hash) != 64"
  "    OR new.seq IS NOT (SELECT ifnull (max (seq), (SELECT seq FROM audit_anchor)) FROM audit) + 1"
  "  BEGIN SELECT RAISE (ABORT, 'audit rows are appended in order, with their chain hash'); END;"
  "CREATE TRIGGER audit_anchor_kept BEFORE DELETE ON audit_anchor"
  "  BEGIN SELECT RAISE (ABORT, 'the purge anchor cannot be removed'); END;"
  "CREATE TRIGGER audit_anchor_forward BEFORE UPDATE ON audit_anchor"
  "  WHEN new.id != old.id OR new.seq <= old.seq"
  "    OR new.hash IS NOT (SELECT hash FROM audit WHERE seq = new.seq)"
  "  BEGIN SELECT RAISE (ABORT, 'the purge anchor only moves forward, to a row of the log'); "
  "END;",
  },
  /* 2 -> 3: how staff ended a visit (category, side, who, the goodbye they
   * started), pauses and mutes now, supervision and the child's alerts on
   * the session; every pause and mute as a row. Sessions stored before have
   * no category: their staff ends were stops. */
  {
  "ALTER TABLE sessions ADD COLUMN end_category TEXT;"
  "ALTER TABLE sessions ADD COLUMN end_side TEXT;"
  "ALTER TABLE sessions ADD COLUMN end_actor TEXT;"
  "ALTER TABLE sessions ADD COLUMN end_requested_us INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE sessions ADD COLUMN staff_goodbye_us INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE sessions ADD COLUMN staff_end_us INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE sessions ADD COLUMN prison_pause TEXT;"
  "ALTER TABLE sessions ADD COLUMN community_pause TEXT;"
  "ALTER TABLE sessions ADD COLUMN muted INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE sessions ADD COLUMN supervised INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE sessions ADD COLUMN child_alerts INTEGER NOT NULL DEFAULT 0;"
  "CREATE TABLE pauses ("
  "  id INTEGER PRIMARY KEY,"
  "  booking_id TEXT NOT NULL REFERENCES bookings (id),"
  "  side TEXT NOT NULL CHECK (side IN ('prison', 'community')),"
  "  category TEXT NOT NULL,"
  "  started_us INTEGER NOT NULL,"
  "  ended_us INTEGER NOT NULL DEFAULT 0,"
  "  started_by TEXT NOT NULL,"
  "  ended_by TEXT"
  ");"
  "CREATE INDEX pauses_by_booking ON pauses (booking_id, side, ended_us);"
  "CREATE TABLE mutes ("
  "  id INTEGER PRIMARY KEY,"
  "  booking_id TEXT NOT NULL REFERENCES bookings (id),"
  "  side TEXT NOT NULL CHECK (side IN ('prison', 'community')),"
  "  started_us INTEGER NOT NULL,"
  "  ended_us INTEGER NOT NULL DEFAULT 0,"
  "  started_by TEXT NOT NULL,"
  "  ended_by TEXT"
  ");"
  "CREATE INDEX mutes_by_booking ON mutes (booking_id, side, ended_us);",
  },
  /* 3 -> 4: running the day. Sites with their IANA time zone, opening
   * hours and closed days; kiosks on a site; staff accounts (roles, sites,
   * password and kiosk PIN hashes) and their console sessions (only a hash
   * of the cookie is kept); weekly slot templates per kiosk pair; who made,
   * moved and cancelled a booking, and why. Times a person types are
   * site-local text ('HH:MM', 'YYYY-MM-DD'); instants stay UTC
   * microseconds. Kiosks and bookings stored before have no site (UTC) and
   * no template. */
  {
  "CREATE TABLE sites ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  name TEXT NOT NULL,"
  "  time_zone TEXT NOT NULL,"
  "  created_us INTEGER NOT NULL"
  ");"
  "CREATE TABLE site_hours ("
  "  site_id TEXT NOT NULL REFERENCES sites (id),"
  "  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),"
  "  opens TEXT NOT NULL,"
  "  closes TEXT NOT NULL,"
  "  PRIMARY KEY (site_id, weekday, opens)"
  ");"
  "CREATE TABLE site_closed_days ("
  "  site_id TEXT NOT NULL REFERENCES sites (id),"
  "  day TEXT NOT NULL,"
  "  reason TEXT NOT NULL DEFAULT '',"
  "  PRIMARY KEY (site_id, day)"
  ");"
  "ALTER TABLE kiosks ADD COLUMN site_id TEXT REFERENCES sites (id);"
  "CREATE TABLE staff ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  display_name TEXT NOT NULL,"
  "  roles TEXT NOT NULL,"
  "  password_hash TEXT NOT NULL,"
  "  pin_hash TEXT NOT NULL DEFAULT '',"
  "  created_us INTEGER NOT NULL,"
  "  disabled_us INTEGER NOT NULL DEFAULT 0,"
  "  credentials_us INTEGER NOT NULL"
  ");"
  "CREATE TABLE staff_sites ("
  "  staff_id TEXT NOT NULL REFERENCES staff (id),"
  "  site_id TEXT NOT NULL REFERENCES sites (id),"
  "  PRIMARY KEY (staff_id, site_id)"
  ");"
  "CREATE TABLE staff_sessions ("
  "  id_hash TEXT PRIMARY KEY NOT NULL,"
  "  staff_id TEXT NOT NULL REFERENCES staff (id),"
  "  csrf_token TEXT NOT NULL,"
  "  created_us INTEGER NOT NULL,"
  "  last_used_us INTEGER NOT NULL"
  ");"
  "CREATE INDEX staff_sessions_by_staff ON staff_sessions (staff_id);"
  "CREATE TABLE slot_templates ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  prison_kiosk TEXT NOT NULL REFERENCES kiosks (id),"
  "  community_kiosk TEXT NOT NULL REFERENCES kiosks (id),"
  "  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),"
  "  start_local TEXT NOT NULL,"
  "  minutes INTEGER NOT NULL CHECK (minutes > 0),"
  "  every_weeks INTEGER NOT NULL DEFAULT 1 CHECK (every_weeks >= 1),"
  "  valid_from TEXT NOT NULL,"
  "  valid_to TEXT NOT NULL DEFAULT '',"
  "  active INTEGER NOT NULL DEFAULT 1,"
  "  created_us INTEGER NOT NULL"
  ");"
  "CREATE INDEX slot_templates_by_pair ON slot_templates (prison_kiosk, community_kiosk);"
  "ALTER TABLE bookings ADD COLUMN template_id TEXT;"
  "ALTER TABLE bookings ADD COLUMN created_by TEXT NOT NULL DEFAULT 'admin';"
  "ALTER TABLE bookings ADD COLUMN cancelled_by TEXT;"
  "ALTER TABLE bookings ADD COLUMN cancel_category TEXT;"
  "ALTER TABLE bookings ADD COLUMN cancel_reason TEXT;"
  "CREATE TABLE booking_moves ("
  "  id INTEGER PRIMARY KEY,"
  "  booking_id TEXT NOT NULL REFERENCES bookings (id),"
  "  moved_us INTEGER NOT NULL,"
  "  moved_by TEXT NOT NULL,"
  "  from_start_us INTEGER NOT NULL,"
  "  from_end_us INTEGER NOT NULL,"
  "  to_start_us INTEGER NOT NULL,"
  "  to_end_us INTEGER NOT NULL,"
  "  reason TEXT NOT NULL DEFAULT ''"
  ");"
  "CREATE INDEX booking_moves_by_booking ON booking_moves (booking_id, moved_us);",
  },
  /* 4 -> 5: when each kiosk was last seen (its last sign-in or sign-out,
   * UTC microseconds; 0 for never) and the software it named in its last
   * hello. Kiosks stored before were never seen. */
  {
  "ALTER TABLE kiosks ADD COLUMN last_seen_us INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE kiosks ADD COLUMN software TEXT NOT NULL DEFAULT '';",
  },
  /* 5 -> 6: families and the rules made for children (CM/Rec(2018)5).
   * A family joins one person in prison (their admission day, the prison
   * kiosks they use) with children at a community site, known only by the
   * labels staff chose and their age bands: never a name or a birth date.
   * Each site may set its own rules per age band (an absent row is the
   * default) and its school hours; a template may hold back a share of its
   * slots for families in their first week. A booking may belong to a
   * family, and keeps the reason staff gave when they booked it against
   * the age rules. Bookings stored before belong to no family and kept to
   * the rules. */
  {
  "CREATE TABLE families ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  parent_label TEXT NOT NULL,"
  "  admitted_on TEXT NOT NULL,"
  "  community_site TEXT NOT NULL REFERENCES sites (id),"
  "  created_us INTEGER NOT NULL,"
  "  created_by TEXT NOT NULL,"
  "  archived_us INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE family_children ("
  "  family_id TEXT NOT NULL REFERENCES families (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  label TEXT NOT NULL,"
  "  age_band TEXT NOT NULL CHECK (age_band IN ('0-3', '4-7', '8-12', '13-17')),"
  "  PRIMARY KEY (family_id, position)"
  ");"
  "CREATE TABLE family_kiosks ("
  "  family_id TEXT NOT NULL REFERENCES families (id) ON DELETE CASCADE,"
  "  kiosk_id TEXT NOT NULL REFERENCES kiosks (id),"
  "  PRIMARY KEY (family_id, kiosk_id)"
  ");"
  "CREATE INDEX family_kiosks_by_kiosk ON family_kiosks (kiosk_id);"
  "CREATE TABLE site_age_rules ("
  "  site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,"
  "  age_band TEXT NOT NULL CHECK (age_band IN ('0-3', '4-7', '8-12', '13-17')),"
  "  default_minutes INTEGER NOT NULL,"
  "  max_minutes INTEGER NOT NULL,"
  "  min_gap_hours INTEGER NOT NULL,"
  "  aim_visits INTEGER NOT NULL,"
  "  aim_days INTEGER NOT NULL,"
  "  PRIMARY KEY (site_id, age_band)"
  ");"
  "CREATE TABLE site_school_hours ("
  "  site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,"
  "  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),"
  "  opens INTEGER NOT NULL,"
  "  closes INTEGER NOT NULL,"
  "  CHECK (opens >= 0 AND opens < closes AND closes <= 1440)"
  ");"
  "CREATE INDEX site_school_hours_by_site ON site_school_hours (site_id, weekday, opens);"
  "ALTER TABLE slot_templates ADD COLUMN first_week_share INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE bookings ADD COLUMN family_id TEXT REFERENCES families (id);"
  "ALTER TABLE bookings ADD COLUMN rules_override TEXT NOT NULL DEFAULT '';"
  "CREATE INDEX bookings_family ON bookings (family_id, start_us);",
  },
};

/**
 * kv_store_schema_migrate:
 * @database: a database just opened
 * @error: return location for a #GError
 *
 * Brings the schema to %KV_STORE_SCHEMA_VERSION, one version per
 * transaction; refuses a database of a newer version
 * (%KV_STORE_ERROR_TOO_NEW).
 *
 * Returns: %TRUE once the schema is current
 */
gboolean
kv_store_schema_migrate (KvDatabase  *database,
                         GError     **error)
{
  sqlite3_stmt *stmt;
  int version;

  stmt = kv_database_prepare (database, "PRAGMA user_version", error);
  if (stmt == NULL)
    return FALSE;
  version = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;
  sqlite3_finalize (stmt);

  if (version > KV_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_TOO_NEW,
                   "Database %s has schema version %d; this kinvisit-server knows up to %d. "
                   "Upgrade the server or restore a backup.",
                   kv_database_get_path (database), version, KV_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  for (; version < KV_STORE_SCHEMA_VERSION; version++)
    {
      const Migration *migration = &migrations[version];
      g_autofree char *set_version = NULL;

      if (!kv_database_begin (database, error))
        return FALSE;
      set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);
      if (!kv_database_exec (database, migration->sql, error) ||
          (migration->then != NULL && !migration->then (database, error)) ||
          (migration->then_sql != NULL &&
           !kv_database_exec (database, migration->then_sql, error)) ||
          !kv_database_exec (database, set_version, error) ||
          !kv_database_commit (database, error))
        {
          kv_database_rollback (database);
          g_prefix_error (error, "Migrating to schema version %d: ", version + 1);
          return FALSE;
        }
      g_debug ("Database migrated to schema version %d", version + 1);
    }
  return TRUE;
}
