/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "kv-store"

#include "config.h"

#include "kv-booking-table.h"

#include "kv-pause-table.h"

/* The store's bookings and the sessions stored with them. */

#define BOOKING_COLUMNS \
  "b.id, b.prison_kiosk, b.community_kiosk, b.start_us, b.end_us, b.prison_label, " \
  "b.community_label, b.age_band, b.cancelled_us, s.state, s.outcome, s.present, " \
  "s.confirmed, s.absent, s.live_since_us, s.ended_at_us, s.lost_us, s.makeup_us, " \
  "s.end_reason, s.end_category, s.end_side, s.end_actor, s.end_requested_us, " \
  "s.staff_goodbye_us, s.staff_end_us, s.prison_pause, s.community_pause, s.muted, " \
  "s.supervised, s.child_alerts, b.template_id, b.created_by, b.cancelled_by, " \
  "b.cancel_category, b.cancel_reason, b.family_id, b.rules_override"
#define BOOKING_FROM "FROM bookings b LEFT JOIN sessions s ON s.booking_id = b.id"

/* Categories and sides as stored; anything else reads as none. */
static KvEndCategory
column_end_category (sqlite3_stmt *stmt,
                     int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  KvEndCategory category;

  return text != NULL && kv_end_category_from_string (text, &category) ? category
                                                                      : KV_END_CATEGORY_NONE;
}

static KvPauseCategory
column_pause_category (sqlite3_stmt *stmt,
                       int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  KvPauseCategory category;

  return text != NULL && kv_pause_category_from_string (text, &category)
           ? category : KV_PAUSE_CATEGORY_NONE;
}

static KvSideFlags
column_side (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  KvRole role;

  if (text == NULL || !kv_role_from_string (text, &role))
    return KV_SIDE_NONE;
  return kv_role_to_side (role);
}

/* The columns of schema version 3, from @first on (see BOOKING_COLUMNS). */
static void
read_session_v3 (sqlite3_stmt      *stmt,
                 int                first,
                 KvSessionSnapshot *snapshot)
{
  snapshot->end_category = column_end_category (stmt, first);
  snapshot->end_side = column_side (stmt, first + 1);
  snapshot->end_actor = kv_database_column_text (stmt, first + 2);
  snapshot->end_requested_us = sqlite3_column_int64 (stmt, first + 3);
  snapshot->staff_goodbye_us = sqlite3_column_int64 (stmt, first + 4);
  snapshot->staff_end_us = sqlite3_column_int64 (stmt, first + 5);
  snapshot->prison_pause = column_pause_category (stmt, first + 6);
  snapshot->community_pause = column_pause_category (stmt, first + 7);
  snapshot->muted = sqlite3_column_int (stmt, first + 8) & KV_SIDE_BOTH;
  snapshot->supervised = sqlite3_column_int (stmt, first + 9) != 0;
  snapshot->child_alerts = (guint) CLAMP (sqlite3_column_int64 (stmt, first + 10), 0, G_MAXUINT);
}

static const char *
side_name (KvSideFlags side)
{
  if (side == KV_SIDE_PRISON)
    return kv_role_to_string (KV_ROLE_PRISON);
  if (side == KV_SIDE_COMMUNITY)
    return kv_role_to_string (KV_ROLE_COMMUNITY);
  return NULL;
}

static const char *
pause_name (KvPauseCategory category)
{
  return category != KV_PAUSE_CATEGORY_NONE ? kv_pause_category_to_string (category) : NULL;
}

void
kv_booking_record_free (KvBookingRecord *record)
{
  if (record == NULL)
    return;
  g_clear_pointer (&record->booking, kv_booking_free);
  kv_session_snapshot_clear (&record->session);
  g_free (record->template_id);
  g_free (record->created_by);
  g_free (record->cancelled_by);
  g_free (record->cancel_category);
  g_free (record->cancel_reason);
  g_free (record->family_id);
  g_free (record->rules_override);
  g_free (record);
}

void
kv_booking_move_free (KvBookingMove *move)
{
  if (move == NULL)
    return;
  g_free (move->moved_by);
  g_free (move->reason);
  g_free (move);
}

static KvBookingRecord *
read_booking (sqlite3_stmt *stmt)
{
  KvBookingRecord *record = g_new0 (KvBookingRecord, 1);
  const char *age_band = (const char *) sqlite3_column_text (stmt, 7);
  const char *state = (const char *) sqlite3_column_text (stmt, 9);
  const char *outcome = (const char *) sqlite3_column_text (stmt, 10);
  KvAgeBand band = KV_AGE_BAND_UNSPECIFIED;

  if (age_band != NULL && !kv_age_band_from_string (age_band, &band))
    band = KV_AGE_BAND_UNSPECIFIED;
  record->booking = kv_booking_new ((const char *) sqlite3_column_text (stmt, 0),
                                    (const char *) sqlite3_column_text (stmt, 1),
                                    (const char *) sqlite3_column_text (stmt, 2),
                                    sqlite3_column_int64 (stmt, 3),
                                    sqlite3_column_int64 (stmt, 4),
                                    (const char *) sqlite3_column_text (stmt, 5),
                                    (const char *) sqlite3_column_text (stmt, 6),
                                    band);
  record->cancelled_us = sqlite3_column_int64 (stmt, 8);
  record->template_id = kv_database_column_text (stmt, 30);
  record->created_by = kv_database_column_text (stmt, 31);
  record->cancelled_by = kv_database_column_text (stmt, 32);
  record->cancel_category = kv_database_column_text (stmt, 33);
  record->cancel_reason = kv_database_column_text (stmt, 34);
  record->family_id = kv_database_column_text (stmt, 35);
  record->rules_override = kv_database_column_text (stmt, 36);
  if (record->rules_override == NULL)
    record->rules_override = g_strdup ("");
  if (state != NULL && outcome != NULL &&
      kv_session_state_from_string (state, &record->session.state) &&
      kv_outcome_from_string (outcome, &record->session.outcome))
    {
      record->has_session = TRUE;
      record->session.present = sqlite3_column_int (stmt, 11) & KV_SIDE_BOTH;
      record->session.confirmed = sqlite3_column_int (stmt, 12) & KV_SIDE_BOTH;
      record->session.absent = sqlite3_column_int (stmt, 13) & KV_SIDE_BOTH;
      record->session.live_since_us = sqlite3_column_int64 (stmt, 14);
      record->session.ended_at_us = sqlite3_column_int64 (stmt, 15);
      record->session.lost_us = sqlite3_column_int64 (stmt, 16);
      record->session.makeup_us = sqlite3_column_int64 (stmt, 17);
      record->session.end_reason = kv_database_column_text (stmt, 18);
      read_session_v3 (stmt, 19, &record->session);
    }
  else
    {
      record->session.state = KV_SESSION_STATE_SCHEDULED;
      record->session.outcome = KV_OUTCOME_NONE;
    }
  return record;
}

static gboolean
has_override (const KvBookingOrigin *origin)
{
  return origin != NULL && origin->rules_override != NULL && *origin->rules_override != '\0';
}

/* The `booking-rules-override` row: which rule of which band staff booked
 * against, and why in their words (the audit log is where an override is
 * answered for). */
static gboolean
audit_override (KvAuditTable           *audit,
                const char             *booking_id,
                const KvBookingOrigin  *origin,
                gint64                  now_us,
                const char             *actor,
                GError                **error)
{
  g_autofree char *details = NULL;

  if (!has_override (origin))
    return TRUE;
  details = g_strdup_printf ("family=%s band=%s rule=%s reason=%s",
                             origin->family_id != NULL ? origin->family_id : "none",
                             kv_age_band_to_string (origin->override_band),
                             origin->override_rule != NULL ? origin->override_rule : "age-rules",
                             origin->rules_override);
  return kv_audit_table_insert (audit, now_us, actor, "booking-rules-override", booking_id,
                                details, error);
}

/* A new booking (from @origin's template and family, if any) with its
 * audit entries, in one transaction: `booking-created`, and
 * `booking-rules-override` when it was booked against the age rules. */
gboolean
kv_booking_table_add (KvDatabase             *database,
                      KvAuditTable           *audit,
                      const KvBooking        *booking,
                      const KvBookingOrigin  *origin,
                      gint64                  now_us,
                      const char             *actor,
                      GError                **error)
{
  const char *template_id = origin != NULL ? origin->template_id : NULL;
  const char *family_id = origin != NULL ? origin->family_id : NULL;
  g_autofree char *details = NULL;
  sqlite3_stmt *stmt;

  if (!kv_database_begin (database, error))
    return FALSE;
  stmt = kv_database_prepare (database,
                              "INSERT INTO bookings (id, prison_kiosk, community_kiosk, start_us, "
                              "end_us, prison_label, community_label, age_band, created_us, "
                              "created_by, template_id, family_id, rules_override) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                              error);
  if (stmt == NULL)
    goto fail;
  kv_database_bind_text (stmt, 1, booking->id);
  kv_database_bind_text (stmt, 2, booking->prison_kiosk);
  kv_database_bind_text (stmt, 3, booking->community_kiosk);
  sqlite3_bind_int64 (stmt, 4, booking->start_us);
  sqlite3_bind_int64 (stmt, 5, booking->end_us);
  kv_database_bind_text (stmt, 6, booking->prison_label);
  kv_database_bind_text (stmt, 7, booking->community_label);
  kv_database_bind_text (stmt, 8, kv_age_band_to_string (booking->age_band));
  sqlite3_bind_int64 (stmt, 9, now_us);
  kv_database_bind_text (stmt, 10, actor);
  kv_database_bind_text (stmt, 11, template_id);
  kv_database_bind_text (stmt, 12, family_id);
  kv_database_bind_text (stmt, 13, has_override (origin) ? origin->rules_override : "");
  if (!kv_database_step_insert (database, stmt, "adding a booking", error,
                                KV_STORE_ERROR_EXISTS,
                                "Booking %s exists already, or one of its kiosks or its family "
                                "is unknown", booking->id))
    goto fail;

  /* Labels are what a child calls a parent: never in the audit log. */
  details = g_strdup_printf ("prison=%s community=%s start_us=%" G_GINT64_FORMAT
                             " end_us=%" G_GINT64_FORMAT "%s%s%s%s",
                             booking->prison_kiosk, booking->community_kiosk,
                             booking->start_us, booking->end_us,
                             template_id != NULL ? " template=" : "",
                             template_id != NULL ? template_id : "",
                             family_id != NULL ? " family=" : "",
                             family_id != NULL ? family_id : "");
  if (!kv_audit_table_insert (audit, now_us, actor, "booking-created", booking->id, details,
                              error) ||
      !audit_override (audit, booking->id, origin, now_us, actor, error) ||
      !kv_database_commit (database, error))
    goto fail;
  return TRUE;

fail:
  kv_database_rollback (database);
  return FALSE;
}

/* Cancels a booking with why (@category and @reason may be %NULL); the
 * reason stays in the booking, never in the audit log, which gets the
 * category only. */
gboolean
kv_booking_table_cancel (KvDatabase    *database,
                         KvAuditTable  *audit,
                         const char    *booking_id,
                         const char    *category,
                         const char    *reason,
                         gint64         now_us,
                         const char    *actor,
                         GError       **error)
{
  g_autoptr(KvBookingRecord) record = NULL;
  g_autofree char *details = NULL;
  sqlite3_stmt *stmt;

  if (!kv_database_begin (database, error))
    return FALSE;
  record = kv_booking_table_lookup (database, booking_id, error);
  if (record == NULL)
    goto fail;
  if (record->cancelled_us != 0)
    {
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_INVALID,
                   "Booking %s is cancelled already", booking_id);
      goto fail;
    }
  stmt = kv_database_prepare (database,
                              "UPDATE bookings SET cancelled_us = ?, cancelled_by = ?, "
                              "cancel_category = ?, cancel_reason = ? WHERE id = ?",
                              error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, now_us);
  kv_database_bind_text (stmt, 2, actor);
  kv_database_bind_text (stmt, 3, category);
  kv_database_bind_text (stmt, 4, reason);
  kv_database_bind_text (stmt, 5, booking_id);
  details = category != NULL ? g_strdup_printf ("category=%s", category) : g_strdup ("");
  if (!kv_database_step_done (database, stmt, error) ||
      !kv_audit_table_insert (audit, now_us, actor, "booking-cancelled", booking_id, details,
                              error) ||
      !kv_database_commit (database, error))
    goto fail;
  return TRUE;

fail:
  kv_database_rollback (database);
  return FALSE;
}

/* Moves a booking to [@start_us, @end_us): the new times, a booking_moves
 * row with where it was and why, and a booking-moved audit row (times only:
 * the reason is staff's words and stays in booking_moves), in one
 * transaction. The age rules are judged again at the new times: the
 * booking keeps @origin's override (and its audit row), or none. */
gboolean
kv_booking_table_move (KvDatabase             *database,
                       KvAuditTable           *audit,
                       const char             *booking_id,
                       gint64                  start_us,
                       gint64                  end_us,
                       const char             *reason,
                       const KvBookingOrigin  *origin,
                       gint64                  now_us,
                       const char             *actor,
                       GError                **error)
{
  g_autoptr(KvBookingRecord) record = NULL;
  g_autofree char *details = NULL;
  sqlite3_stmt *stmt;

  if (!kv_database_begin (database, error))
    return FALSE;
  record = kv_booking_table_lookup (database, booking_id, error);
  if (record == NULL)
    goto fail;
  if (record->cancelled_us != 0)
    {
      g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_INVALID,
                   "Booking %s is cancelled", booking_id);
      goto fail;
    }
  stmt = kv_database_prepare (database, "UPDATE bookings SET start_us = ?, end_us = ?, "
                              "rules_override = ? WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, start_us);
  sqlite3_bind_int64 (stmt, 2, end_us);
  kv_database_bind_text (stmt, 3, has_override (origin) ? origin->rules_override : "");
  kv_database_bind_text (stmt, 4, booking_id);
  if (!kv_database_step_done (database, stmt, error))
    goto fail;
  stmt = kv_database_prepare (database, "INSERT INTO booking_moves (booking_id, moved_us, moved_by, "
                              "from_start_us, from_end_us, to_start_us, to_end_us, reason) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  kv_database_bind_text (stmt, 1, booking_id);
  sqlite3_bind_int64 (stmt, 2, now_us);
  kv_database_bind_text (stmt, 3, actor);
  sqlite3_bind_int64 (stmt, 4, record->booking->start_us);
  sqlite3_bind_int64 (stmt, 5, record->booking->end_us);
  sqlite3_bind_int64 (stmt, 6, start_us);
  sqlite3_bind_int64 (stmt, 7, end_us);
  kv_database_bind_text (stmt, 8, reason != NULL ? reason : "");
  if (!kv_database_step_done (database, stmt, error))
    goto fail;
  details = g_strdup_printf ("from_start_us=%" G_GINT64_FORMAT " from_end_us=%" G_GINT64_FORMAT
                             " to_start_us=%" G_GINT64_FORMAT " to_end_us=%" G_GINT64_FORMAT,
                             record->booking->start_us, record->booking->end_us, start_us, end_us);
  if (!kv_audit_table_insert (audit, now_us, actor, "booking-moved", booking_id, details, error) ||
      !audit_override (audit, booking_id, origin, now_us, actor, error) ||
      !kv_database_commit (database, error))
    goto fail;
  return TRUE;

fail:
  kv_database_rollback (database);
  return FALSE;
}

/* Every move of a booking, oldest first. */
GPtrArray *
kv_booking_table_list_moves (KvDatabase  *database,
                             const char  *booking_id,
                             GError     **error)
{
  g_autoptr(GPtrArray) moves = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_booking_move_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = kv_database_prepare (database, "SELECT moved_us, moved_by, from_start_us, from_end_us, "
                              "to_start_us, to_end_us, reason FROM booking_moves "
                              "WHERE booking_id = ? ORDER BY moved_us, id", error);
  if (stmt == NULL)
    return NULL;
  kv_database_bind_text (stmt, 1, booking_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KvBookingMove *move = g_new0 (KvBookingMove, 1);

      move->moved_us = sqlite3_column_int64 (stmt, 0);
      move->moved_by = kv_database_column_text (stmt, 1);
      move->from_start_us = sqlite3_column_int64 (stmt, 2);
      move->from_end_us = sqlite3_column_int64 (stmt, 3);
      move->to_start_us = sqlite3_column_int64 (stmt, 4);
      move->to_end_us = sqlite3_column_int64 (stmt, 5);
      move->reason = kv_database_column_text (stmt, 6);
      g_ptr_array_add (moves, move);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      kv_database_error (database, error, "listing a booking's moves");
      return NULL;
    }
  return g_steal_pointer (&moves);
}

KvBookingRecord *
kv_booking_table_lookup (KvDatabase  *database,
                         const char  *booking_id,
                         GError     **error)
{
  sqlite3_stmt *stmt;
  KvBookingRecord *record = NULL;
  int rc;

  stmt = kv_database_prepare (database, "SELECT " BOOKING_COLUMNS " " BOOKING_FROM " WHERE b.id = ?",
                              error);
  if (stmt == NULL)
    return NULL;
  kv_database_bind_text (stmt, 1, booking_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    record = read_booking (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, KV_STORE_ERROR, KV_STORE_ERROR_NOT_FOUND, "No booking %s", booking_id);
  else
    kv_database_error (database, error, "looking up a booking");
  sqlite3_finalize (stmt);
  return record;
}

/* The bookings of @kiosk_id (or every kiosk) that overlap @from_us to
 * @to_us, by start time. */
GPtrArray *
kv_booking_table_list (KvDatabase  *database,
                       const char  *kiosk_id,
                       gint64       from_us,
                       gint64       to_us,
                       gboolean     include_cancelled,
                       GError     **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_booking_record_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = kv_database_prepare (database,
                              "SELECT " BOOKING_COLUMNS " " BOOKING_FROM
                              " WHERE b.end_us > ?1 AND b.start_us < ?2"
                              " AND (?3 IS NULL OR b.prison_kiosk = ?3 OR b.community_kiosk = ?3)"
                              " AND (?4 OR b.cancelled_us = 0)"
                              " ORDER BY b.start_us, b.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, from_us);
  sqlite3_bind_int64 (stmt, 2, to_us);
  kv_database_bind_text (stmt, 3, kiosk_id);
  sqlite3_bind_int (stmt, 4, include_cancelled ? 1 : 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, read_booking (stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      kv_database_error (database, error, "listing bookings");
      return NULL;
    }
  return g_steal_pointer (&records);
}

/* Every booking of @family_id, cancelled ones too, by start time. */
GPtrArray *
kv_booking_table_list_family (KvDatabase  *database,
                              const char  *family_id,
                              GError     **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) kv_booking_record_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = kv_database_prepare (database,
                              "SELECT " BOOKING_COLUMNS " " BOOKING_FROM
                              " WHERE b.family_id = ? ORDER BY b.start_us, b.id", error);
  if (stmt == NULL)
    return NULL;
  kv_database_bind_text (stmt, 1, family_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, read_booking (stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      kv_database_error (database, error, "listing a family's bookings");
      return NULL;
    }
  return g_steal_pointer (&records);
}

/* Stores a session's state, brings its pause and mute rows in line with it
 * and appends its audit entries (an entry's own actor and time win over
 * @actor and @now_us when set), in one transaction. */
gboolean
kv_booking_table_save_session (KvDatabase              *database,
                               KvAuditTable            *audit,
                               const char              *booking_id,
                               const KvSessionSnapshot *snapshot,
                               gint64                   now_us,
                               const char              *actor,
                               GPtrArray               *entries,
                               GError                 **error)
{
  sqlite3_stmt *stmt;

  if (!kv_database_begin (database, error))
    return FALSE;
  stmt = kv_database_prepare (database,
                              "INSERT OR REPLACE INTO sessions (booking_id, state, outcome, present, "
                              "confirmed, absent, live_since_us, ended_at_us, lost_us, makeup_us, "
                              "end_reason, updated_us, end_category, end_side, end_actor, "
                              "end_requested_us, staff_goodbye_us, staff_end_us, prison_pause, "
                              "community_pause, muted, supervised, child_alerts) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                              "?, ?, ?)",
                              error);
  if (stmt == NULL)
    goto fail;
  kv_database_bind_text (stmt, 1, booking_id);
  kv_database_bind_text (stmt, 2, kv_session_state_to_string (snapshot->state));
  kv_database_bind_text (stmt, 3, kv_outcome_to_string (snapshot->outcome));
  sqlite3_bind_int (stmt, 4, snapshot->present);
  sqlite3_bind_int (stmt, 5, snapshot->confirmed);
  sqlite3_bind_int (stmt, 6, snapshot->absent);
  sqlite3_bind_int64 (stmt, 7, snapshot->live_since_us);
  sqlite3_bind_int64 (stmt, 8, snapshot->ended_at_us);
  sqlite3_bind_int64 (stmt, 9, snapshot->lost_us);
  sqlite3_bind_int64 (stmt, 10, snapshot->makeup_us);
  kv_database_bind_text (stmt, 11, snapshot->end_reason);
  sqlite3_bind_int64 (stmt, 12, now_us);
  kv_database_bind_text (stmt, 13, snapshot->end_category != KV_END_CATEGORY_NONE
                         ? kv_end_category_to_string (snapshot->end_category)
                         : NULL);
  kv_database_bind_text (stmt, 14, side_name (snapshot->end_side));
  kv_database_bind_text (stmt, 15, snapshot->end_actor);
  sqlite3_bind_int64 (stmt, 16, snapshot->end_requested_us);
  sqlite3_bind_int64 (stmt, 17, snapshot->staff_goodbye_us);
  sqlite3_bind_int64 (stmt, 18, snapshot->staff_end_us);
  kv_database_bind_text (stmt, 19, pause_name (snapshot->prison_pause));
  kv_database_bind_text (stmt, 20, pause_name (snapshot->community_pause));
  sqlite3_bind_int (stmt, 21, snapshot->muted);
  sqlite3_bind_int (stmt, 22, snapshot->supervised ? 1 : 0);
  sqlite3_bind_int64 (stmt, 23, snapshot->child_alerts);
  if (!kv_database_step_done (database, stmt, error) ||
      !kv_pause_table_sync (database, booking_id, snapshot, now_us, actor, error))
    goto fail;
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      const KvAuditEntry *entry = g_ptr_array_index (entries, i);

      if (!kv_audit_table_insert (audit, entry->time_us != 0 ? entry->time_us : now_us,
                                  entry->actor != NULL ? entry->actor : actor, entry->action,
                                  entry->booking_id != NULL ? entry->booking_id : booking_id,
                                  entry->details, error))
        goto fail;
    }
  if (!kv_database_commit (database, error))
    goto fail;
  return TRUE;

fail:
  kv_database_rollback (database);
  return FALSE;
}
