/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-fake-clock.h"
#include "kv-pin.h"
#include "kv-signalling-handler.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

/* Staff rosters, through the signalling handler without sockets (the
 * socket path is in every other server test: kv_test_kiosk_sign_in()
 * expects a staff_roster right after welcome). Staff accounts and sites are
 * written with SQL, as the account management would: this side only reads
 * them. Checked: who is on which kiosk's roster and with which time zone,
 * version 2 kiosks getting none, rosters sent again when accounts change,
 * and the audit actor of a staff message naming someone on the roster or
 * someone who is not. */

#define MINUTE KV_USEC_PER_MINUTE

typedef struct
{
  char                *dir;
  char                *path;
  KvClock             *clock;
  KvServerConfig      *config;
  KvStore             *store;
  KvScheduler         *scheduler;
  KvMetrics           *metrics;
  KvRefusalLog        *refusal_log;
  KvSignallingHandler *handler;
  char                *ana_hash;
  GHashTable          *tokens;   /* kiosk id -> device token */
} Fixture;

static void
exec_sql (Fixture    *fixture,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("SQL failed: %s\n%s", message, sql);
  sqlite3_close (db);
}

static void
add_staff (Fixture    *fixture,
           const char *id,
           const char *name,
           const char *roles,
           const char *pin_hash,
           gboolean    disabled,
           const char *site)
{
  char *sql = sqlite3_mprintf ("INSERT INTO staff (id, display_name, roles, "
                                          "password_hash, pin_hash, created_us, disabled_us, "
                                          "credentials_us) VALUES (%Q, %Q, %Q, 'x', %Q, 1, %d, 1);"
                                          "INSERT INTO staff_sites VALUES (%Q, %Q);",
                                          id, name, roles, pin_hash, disabled ? 5 : 0, id, site);

  exec_sql (fixture, sql);
  sqlite3_free (sql);
}

static void
add_kiosk (Fixture    *fixture,
           const char *id,
           KvRole      role)
{
  g_autoptr(GError) error = NULL;
  char *token = NULL;

  kv_store_add_kiosk (fixture->store, id, role, NULL, kv_clock_get_now (fixture->clock),
                      "admin", &token, &error);
  g_assert_no_error (error);
  g_hash_table_insert (fixture->tokens, g_strdup (id), token);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  static const char config_data[] = "[server]\nport=0\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *ivan_hash = NULL;

  fixture->dir = g_dir_make_tmp ("kinvisit-roster-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "kinvisit.db", NULL);
  fixture->clock = kv_fake_clock_new_from_iso8601 ("2026-12-01T09:00:00Z");
  fixture->config = kv_server_config_new_from_data (config_data, strlen (config_data),
                                                    "[secrets]\nadmin-token=abc\n", &error);
  g_assert_no_error (error);
  fixture->store = kv_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fixture->scheduler = kv_scheduler_new (fixture->clock,
                                         kv_server_config_get_site_rules (fixture->config));
  fixture->metrics = kv_metrics_new ();
  fixture->refusal_log = kv_refusal_log_new (fixture->clock, fixture->store);
  fixture->handler = kv_signalling_handler_new (fixture->config, fixture->clock, fixture->store,
                                                fixture->scheduler, fixture->metrics,
                                                fixture->refusal_log);
  kv_signalling_handler_load (fixture->handler, &error);
  g_assert_no_error (error);
  fixture->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  add_kiosk (fixture, "prison-1", KV_ROLE_PRISON);
  add_kiosk (fixture, "community-1", KV_ROLE_COMMUNITY);
  add_kiosk (fixture, "prison-2", KV_ROLE_PRISON);   /* on no site */
  exec_sql (fixture,
            "INSERT INTO sites VALUES ('zagreb', 'Zagreb', 'Europe/Zagreb', 1);"
            "INSERT INTO sites VALUES ('split', 'Split', 'Europe/Zagreb', 1);"
            "UPDATE kiosks SET site_id = 'zagreb' WHERE id IN ('prison-1', 'community-1');");

  fixture->ana_hash = kv_pin_hash_new ("2468", NULL);
  hash = kv_pin_hash_new ("1357", NULL);
  ivan_hash = kv_pin_hash_new ("9753", NULL);
  add_staff (fixture, "ana.horvat", "Ana Horvat", "officer", fixture->ana_hash, FALSE, "zagreb");
  /* Spaces in the role list, both roles: on both kiosks of the site. */
  add_staff (fixture, "ivan", "Ivan Kovač", "coordinator, officer", ivan_hash, FALSE, "zagreb");
  add_staff (fixture, "maja", "Maja", "coordinator", hash, FALSE, "zagreb");
  /* Left out: disabled, no PIN, another site, a role that only starts
   * like officer, an admin who is not an officer. */
  add_staff (fixture, "marko", "Marko", "officer", hash, TRUE, "zagreb");
  add_staff (fixture, "petra", "Petra", "officer", "", FALSE, "zagreb");
  add_staff (fixture, "luka", "Luka", "officer", hash, FALSE, "split");
  add_staff (fixture, "sara", "Sara", "officer-trainee", hash, FALSE, "zagreb");
  add_staff (fixture, "boss", "Boss", "admin,scheduler", hash, FALSE, "zagreb");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_assert_finalize_object (fixture->handler);
  g_clear_object (&fixture->refusal_log);
  g_clear_object (&fixture->metrics);
  g_clear_object (&fixture->scheduler);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->config);
  g_clear_object (&fixture->clock);
  g_hash_table_unref (fixture->tokens);
  g_free (fixture->ana_hash);
  {
    g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (fixture->path, "-shm", NULL);
    g_autofree char *lock = g_strconcat (fixture->path, ".lock", NULL);

    g_unlink (wal);
    g_unlink (shm);
    g_unlink (lock);
  }
  g_unlink (fixture->path);
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static GPtrArray *
send_text (Fixture    *fixture,
           KvPeer     *peer,
           const char *text)
{
  return kv_signalling_handler_handle (fixture->handler, peer, text, strlen (text));
}

static GPtrArray *
send_message (Fixture   *fixture,
              KvPeer    *peer,
              KvMessage *message)
{
  g_autofree char *text = kv_message_serialize (message, NULL);

  return send_text (fixture, peer, text);
}

/* Signs @peer in as @kiosk_id with @version; returns what it was sent. */
static GPtrArray *
sign_in (Fixture    *fixture,
         KvPeer     *peer,
         const char *kiosk_id,
         guint       version)
{
  g_autofree char *hello = g_strdup_printf ("{\"type\":\"hello\",\"version\":%u,\"token\":\"%s\"}",
                                            version,
                                            (char *) g_hash_table_lookup (fixture->tokens,
                                                                          kiosk_id));
  GPtrArray *out = send_text (fixture, peer, hello);

  g_assert_cmpstr (peer->kiosk_id, ==, kiosk_id);
  return out;
}

static const KvMessage *
find_message (GPtrArray     *envelopes,
              KvPeer        *peer,
              KvMessageType  type)
{
  for (guint i = 0; i < envelopes->len; i++)
    {
      KvEnvelope *envelope = g_ptr_array_index (envelopes, i);

      if (envelope->peer == peer && envelope->message != NULL && envelope->message->type == type)
        return envelope->message;
    }
  return NULL;
}

/* The roster's ids, comma-separated, in order. */
static char *
roster_ids (const KvMessage *roster)
{
  g_autoptr(GString) ids = g_string_new (NULL);

  g_assert_nonnull (roster);
  g_assert_cmpint (roster->type, ==, KV_MESSAGE_STAFF_ROSTER);
  for (guint i = 0; i < roster->staff_roster.staff->len; i++)
    {
      KvRosterEntry *entry = g_ptr_array_index (roster->staff_roster.staff, i);

      g_string_append_printf (ids, "%s%s", i > 0 ? "," : "", entry->id);
    }
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static const KvAuditEntry *
find_audit (GPtrArray  *entries,
            const char *action)
{
  for (guint i = 0; i < entries->len; i++)
    {
      KvAuditEntry *entry = g_ptr_array_index (entries, i);

      if (g_str_equal (entry->action, action))
        return entry;
    }
  return NULL;
}

static void
test_roster_on_sign_in (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(KvPeer) prison = kv_peer_new ("10.0.0.1");
  g_autoptr(KvPeer) community = kv_peer_new ("10.0.0.2");
  g_autoptr(KvPeer) lonely = kv_peer_new ("10.0.0.3");
  g_autoptr(GPtrArray) out = NULL;
  g_autofree char *ids = NULL;
  const KvMessage *roster;
  KvRosterEntry *ana;

  /* welcome, then the roster, then the schedule. */
  out = sign_in (fixture, prison, "prison-1", KV_PROTOCOL_VERSION_CURRENT);
  g_assert_cmpuint (out->len, ==, 3);
  g_assert_cmpint (((KvEnvelope *) out->pdata[0])->message->type, ==, KV_MESSAGE_WELCOME);
  g_assert_cmpint (((KvEnvelope *) out->pdata[1])->message->type, ==, KV_MESSAGE_STAFF_ROSTER);
  g_assert_cmpint (((KvEnvelope *) out->pdata[2])->message->type, ==, KV_MESSAGE_SCHEDULE);
  roster = ((KvEnvelope *) out->pdata[1])->message;
  g_assert_cmpstr (roster->staff_roster.time_zone, ==, "Europe/Zagreb");
  ids = roster_ids (roster);
  g_assert_cmpstr (ids, ==, "ana.horvat,ivan");
  ana = g_ptr_array_index (roster->staff_roster.staff, 0);
  g_assert_cmpstr (ana->name, ==, "Ana Horvat");
  g_assert_cmpstr (ana->pin_hash, ==, fixture->ana_hash);
  g_assert_true (kv_pin_verify (ana->pin_hash, "2468", NULL));
  g_clear_pointer (&out, g_ptr_array_unref);
  g_clear_pointer (&ids, g_free);

  /* The community kiosk of the site: its coordinators. */
  out = sign_in (fixture, community, "community-1", KV_PROTOCOL_VERSION_CURRENT);
  ids = roster_ids (find_message (out, community, KV_MESSAGE_STAFF_ROSTER));
  g_assert_cmpstr (ids, ==, "ivan,maja");
  g_clear_pointer (&out, g_ptr_array_unref);
  g_clear_pointer (&ids, g_free);

  /* A kiosk on no site: an empty roster, no time zone. */
  out = sign_in (fixture, lonely, "prison-2", KV_PROTOCOL_VERSION_CURRENT);
  roster = find_message (out, lonely, KV_MESSAGE_STAFF_ROSTER);
  ids = roster_ids (roster);
  g_assert_cmpstr (ids, ==, "");
  g_assert_null (roster->staff_roster.time_zone);
}

static void
test_no_roster_for_version_2 (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(KvPeer) prison = kv_peer_new ("10.0.0.1");
  g_autoptr(GPtrArray) out = sign_in (fixture, prison, "prison-1", 2);

  g_assert_nonnull (find_message (out, prison, KV_MESSAGE_WELCOME));
  g_assert_null (find_message (out, prison, KV_MESSAGE_STAFF_ROSTER));
  g_clear_pointer (&out, g_ptr_array_unref);

  /* Nor when rosters change. */
  out = kv_signalling_handler_rosters_changed (fixture->handler);
  g_assert_cmpuint (out->len, ==, 0);
}

static void
test_rosters_changed (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(KvPeer) prison = kv_peer_new ("10.0.0.1");
  g_autoptr(KvPeer) community = kv_peer_new ("10.0.0.2");
  g_autoptr(GPtrArray) out = NULL;
  g_autofree char *prison_ids = NULL;
  g_autofree char *community_ids = NULL;

  g_ptr_array_unref (sign_in (fixture, prison, "prison-1", KV_PROTOCOL_VERSION_CURRENT));
  g_ptr_array_unref (sign_in (fixture, community, "community-1", KV_PROTOCOL_VERSION_CURRENT));

  /* Ana leaves; Petra gets a PIN; the site moves to another zone. */
  {
    g_autofree char *petra_hash = kv_pin_hash_new ("8642", NULL);
    char *sql = sqlite3_mprintf ("UPDATE staff SET disabled_us = 9 WHERE id = 'ana.horvat';"
                                            "UPDATE staff SET pin_hash = %Q WHERE id = 'petra';"
                                            "UPDATE sites SET time_zone = 'Europe/London' "
                                            "WHERE id = 'zagreb';", petra_hash);

    exec_sql (fixture, sql);
    sqlite3_free (sql);
  }
  out = kv_signalling_handler_rosters_changed (fixture->handler);
  g_assert_cmpuint (out->len, ==, 2);
  prison_ids = roster_ids (find_message (out, prison, KV_MESSAGE_STAFF_ROSTER));
  community_ids = roster_ids (find_message (out, community, KV_MESSAGE_STAFF_ROSTER));
  g_assert_cmpstr (prison_ids, ==, "ivan,petra");
  g_assert_cmpstr (community_ids, ==, "ivan,maja");
  g_assert_cmpstr (find_message (out, prison, KV_MESSAGE_STAFF_ROSTER)->staff_roster.time_zone,
                   ==, "Europe/London");
}

static KvMessage *
new_staff_message (KvMessageType  type,
                   const char    *staff_id)
{
  KvMessage *message = kv_message_new (type);

  if (type == KV_MESSAGE_STAFF_END)
    {
      message->staff_end.booking_id = g_strdup ("b-1");
      message->staff_end.reason = g_strdup ("Lena is tired");
      message->staff_end.category = KV_END_CATEGORY_CHILD_UPSET;
    }
  else
    message->confirm.booking_id = g_strdup ("b-1");
  g_assert_true (kv_message_set_staff_id (message, staff_id));
  return message;
}

static void
test_audit_actor (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(KvPeer) prison = kv_peer_new ("10.0.0.1");
  g_autoptr(KvPeer) community = kv_peer_new ("10.0.0.2");
  g_autoptr(KvBooking) booking = NULL;
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = kv_clock_get_now (fixture->clock);
  const KvAuditEntry *entry;
  KvSession *session;

  g_ptr_array_unref (sign_in (fixture, prison, "prison-1", KV_PROTOCOL_VERSION_CURRENT));
  g_ptr_array_unref (sign_in (fixture, community, "community-1", KV_PROTOCOL_VERSION_CURRENT));
  /* 5 minutes ahead: its join window is open at once. */
  booking = kv_booking_new ("b-1", "prison-1", "community-1", now + 5 * MINUTE,
                            now + 35 * MINUTE, "Dad", "Lena", KV_AGE_BAND_4_7);
  out = kv_signalling_handler_add_booking (fixture->handler, booking, "admin", &error);
  g_assert_no_error (error);
  g_clear_pointer (&out, g_ptr_array_unref);

  /* Ana is on prison-1's roster: she confirms in her own name. */
  {
    g_autoptr(KvMessage) confirm = new_staff_message (KV_MESSAGE_CONFIRM, "ana.horvat");

    out = send_message (fixture, prison, confirm);
    g_assert_null (find_message (out, prison, KV_MESSAGE_ERROR));
    g_clear_pointer (&out, g_ptr_array_unref);
  }
  session = kv_signalling_handler_lookup_session (fixture->handler, "b-1");
  g_assert_cmpuint (kv_session_get_confirmed (session) & KV_SIDE_PRISON, !=, 0);
  audit = kv_store_list_audit (fixture->store, G_MININT64, &error);
  g_assert_no_error (error);
  entry = find_audit (audit, "session-confirmed");
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->actor, ==, "staff:ana.horvat@kiosk:prison-1");
  g_assert_null (find_audit (audit, "unknown-staff"));
  g_clear_pointer (&audit, g_ptr_array_unref);

  /* Maja, a coordinator of the site, confirms on the community kiosk in
   * her name. */
  {
    g_autoptr(KvMessage) confirm = new_staff_message (KV_MESSAGE_CONFIRM, "maja");

    out = send_message (fixture, community, confirm);
    g_assert_null (find_message (out, community, KV_MESSAGE_ERROR));
    g_clear_pointer (&out, g_ptr_array_unref);
  }
  g_assert_cmpuint (kv_session_get_confirmed (session), ==, KV_SIDE_BOTH);
  audit = kv_store_list_audit (fixture->store, G_MININT64, &error);
  g_assert_no_error (error);
  {
    guint n_confirmed = 0;

    for (guint i = 0; i < audit->len; i++)
      {
        KvAuditEntry *e = g_ptr_array_index (audit, i);

        if (g_str_equal (e->action, "session-confirmed") && ++n_confirmed == 2)
          g_assert_cmpstr (e->actor, ==, "staff:maja@kiosk:community-1");
      }
    g_assert_cmpuint (n_confirmed, ==, 2);
  }
  g_clear_pointer (&audit, g_ptr_array_unref);

  /* A message refused anyway (not this kiosk's booking) is audited as
   * refused only, not as unknown staff too. */
  {
    g_autoptr(KvMessage) confirm = new_staff_message (KV_MESSAGE_CONFIRM, "zed");
    const KvMessage *refused;

    g_free (confirm->confirm.booking_id);
    confirm->confirm.booking_id = g_strdup ("b-unknown");
    out = send_message (fixture, prison, confirm);
    refused = find_message (out, prison, KV_MESSAGE_ERROR);
    g_assert_nonnull (refused);
    g_assert_cmpint (refused->error.code, ==, KV_PROTOCOL_ERROR_FORBIDDEN);
    g_clear_pointer (&out, g_ptr_array_unref);
  }

  /* Ana is taken off the roster. Her name, from a kiosk that has not
   * caught up, still ends the visit, but in the kiosk's name, with an
   * unknown-staff entry keeping the name it gave. */
  exec_sql (fixture, "UPDATE staff SET disabled_us = 9 WHERE id = 'ana.horvat';");
  g_ptr_array_unref (kv_signalling_handler_rosters_changed (fixture->handler));
  {
    g_autoptr(KvMessage) staff_end = new_staff_message (KV_MESSAGE_STAFF_END, "ana.horvat");

    out = send_message (fixture, prison, staff_end);
    g_assert_null (find_message (out, prison, KV_MESSAGE_ERROR));
    g_clear_pointer (&out, g_ptr_array_unref);
  }
  audit = kv_store_list_audit (fixture->store, G_MININT64, &error);
  g_assert_no_error (error);
  entry = find_audit (audit, "staff-end");
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->actor, ==, "kiosk:prison-1");
  entry = find_audit (audit, "unknown-staff");
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->actor, ==, "kiosk:prison-1");
  g_assert_cmpstr (entry->booking_id, ==, "b-1");
  g_assert_nonnull (strstr (entry->details, "unknown-staff"));
  g_assert_nonnull (strstr (entry->details, "staff=ana.horvat"));
  g_assert_nonnull (strstr (entry->details, "message=staff_end"));
  {
    guint n_unknown = 0;

    for (guint i = 0; i < audit->len; i++)
      {
        KvAuditEntry *e = g_ptr_array_index (audit, i);

        n_unknown += g_str_equal (e->action, "unknown-staff");
        /* Nothing after the change acted in Ana's name. */
        if (g_str_equal (e->actor, "staff:ana.horvat@kiosk:prison-1"))
          g_assert_cmpstr (e->action, ==, "session-confirmed");
      }
    g_assert_cmpuint (n_unknown, ==, 1);
  }
}

/* A row the kiosk would refuse (which would make it refuse the whole
 * roster) is left out, with a warning naming the account only. */
static void
test_unusable_rows_left_out (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(KvPeer) prison = kv_peer_new ("10.0.0.1");
  g_autoptr(GPtrArray) out = NULL;
  g_autofree char *ids = NULL;

  add_staff (fixture, "broken", "Broken", "officer", "not-a-hash", FALSE, "zagreb");
  add_staff (fixture, "bad name", "Bad", "officer", fixture->ana_hash, FALSE, "zagreb");
  g_test_expect_message ("kv-store", G_LOG_LEVEL_WARNING, "*an id a kiosk cannot take*");
  g_test_expect_message ("kv-store", G_LOG_LEVEL_WARNING, "*Staff account broken has*");
  out = sign_in (fixture, prison, "prison-1", KV_PROTOCOL_VERSION_CURRENT);
  g_test_assert_expected_messages ();
  ids = roster_ids (find_message (out, prison, KV_MESSAGE_STAFF_ROSTER));
  g_assert_cmpstr (ids, ==, "ana.horvat,ivan");
}

/* However long the names, the roster a kiosk gets fits in a message. */
static void
test_roster_fits (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(KvPeer) prison = kv_peer_new ("10.0.0.1");
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(GString) name = g_string_new (NULL);
  const KvMessage *roster;
  g_autofree char *text = NULL;
  gsize length;

  /* 80 four-byte characters: 320 bytes of name each. */
  for (guint i = 0; i < KV_PROTOCOL_MAX_STAFF_NAME_CHARS; i++)
    g_string_append (name, "😀");
  {
    g_autoptr(GString) sql = g_string_new ("BEGIN;");

    for (guint i = 0; i < 240; i++)
      {
        char *row = sqlite3_mprintf ("INSERT INTO staff (id, display_name, roles, password_hash, "
                                     "pin_hash, created_us, credentials_us) "
                                     "VALUES ('officer-%03u', %Q, 'officer', 'x', %Q, 1, 1);"
                                     "INSERT INTO staff_sites VALUES ('officer-%03u', 'zagreb');",
                                     i, name->str, fixture->ana_hash, i);

        g_string_append (sql, row);
        sqlite3_free (row);
      }
    g_string_append (sql, "COMMIT;");
    exec_sql (fixture, sql->str);
  }

  g_test_expect_message ("kv-signalling", G_LOG_LEVEL_WARNING, "*too large to send whole*");
  out = sign_in (fixture, prison, "prison-1", KV_PROTOCOL_VERSION_CURRENT);
  g_test_assert_expected_messages ();
  roster = find_message (out, prison, KV_MESSAGE_STAFF_ROSTER);
  g_assert_nonnull (roster);
  g_assert_cmpuint (roster->staff_roster.staff->len, >, 100);
  g_assert_cmpuint (roster->staff_roster.staff->len, <, 242);
  text = kv_message_serialize (roster, &length);
  g_assert_cmpuint (length, <=, KV_PROTOCOL_MAX_MESSAGE_SIZE);
  /* And the kiosk takes it. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(KvMessage) parsed = kv_message_parse (text, length, &error);

    g_assert_no_error (error);
    g_assert_nonnull (parsed);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/roster/on-sign-in", Fixture, NULL, fixture_set_up,
              test_roster_on_sign_in, fixture_tear_down);
  g_test_add ("/server/roster/none-for-version-2", Fixture, NULL, fixture_set_up,
              test_no_roster_for_version_2, fixture_tear_down);
  g_test_add ("/server/roster/changed", Fixture, NULL, fixture_set_up,
              test_rosters_changed, fixture_tear_down);
  g_test_add ("/server/roster/audit-actor", Fixture, NULL, fixture_set_up,
              test_audit_actor, fixture_tear_down);
  g_test_add ("/server/roster/unusable-rows-left-out", Fixture, NULL, fixture_set_up,
              test_unusable_rows_left_out, fixture_tear_down);
  g_test_add ("/server/roster/fits-in-a-message", Fixture, NULL, fixture_set_up,
              test_roster_fits, fixture_tear_down);

  return g_test_run ();
}
