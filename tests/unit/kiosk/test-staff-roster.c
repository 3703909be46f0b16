/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-staff-roster"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "kv-fake-signaller.h"
#include "kv-pin.h"
#include "kv-staff-roster.h"

/* KvStaffRoster: the last staff_roster from the server, kept 0600 on disk
 * and read back at start; a damaged or tampered file is ignored with a
 * warning, and its hashes are checked like the server's message. */

#define HASH "$argon2id$v=19$m=16384,t=2,p=1$H8Pg+kCAo0QLEKw6TT2CDg$" \
             "KNqHCrZ/JB6RAOmFHcJC/s/87biSdSrydN1yUGwxobg"

typedef struct
{
  char *dir;
  char *path;
  KvFakeSignaller *signaller;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("kinvisit-roster-XXXXXX", &error);
  g_assert_no_error (error);
  /* A folder that does not exist yet: the roster makes it. */
  f->path = g_build_filename (f->dir, "kinvisit", "staff-roster.json", NULL);
  f->signaller = kv_fake_signaller_new ();
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *state_dir = g_path_get_dirname (f->path);

  g_assert_finalize_object (f->signaller);
  g_unlink (f->path);
  g_rmdir (state_dir);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static KvMessage *
make_roster (const char *time_zone)
{
  KvMessage *message = kv_message_new (KV_MESSAGE_STAFF_ROSTER);

  message->staff_roster.time_zone = g_strdup (time_zone);
  g_ptr_array_add (message->staff_roster.staff,
                   kv_roster_entry_new ("ana.horvat", "Ana Horvat", HASH));
  g_ptr_array_add (message->staff_roster.staff, kv_roster_entry_new ("ivan", "Ivan", HASH));
  return message;
}

static void
write_file (Fixture    *f,
            const char *contents)
{
  g_autofree char *state_dir = g_path_get_dirname (f->path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (state_dir, 0700), ==, 0);
  g_file_set_contents (f->path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
test_persist_and_reload (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(KvStaffRoster) roster = kv_staff_roster_new (KV_SIGNALLER (f->signaller), f->path);
  g_autoptr(KvStaffRoster) reloaded = NULL;
  g_autoptr(GPtrArray) staff = NULL;
  GStatBuf st;
  guint changed = 0;

  g_signal_connect_swapped (roster, "changed", G_CALLBACK (g_atomic_int_inc), &changed);
  g_assert_cmpuint (kv_staff_roster_get_n_staff (roster), ==, 0);
  g_assert_null (kv_staff_roster_get_time_zone (roster));
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));

  /* Other messages are not rosters. */
  kv_fake_signaller_receive (f->signaller, kv_message_new (KV_MESSAGE_PONG));
  g_assert_cmpuint (changed, ==, 0);

  kv_fake_signaller_receive (f->signaller, make_roster ("Europe/Zagreb"));
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (kv_staff_roster_get_n_staff (roster), ==, 2);
  g_assert_cmpstr (kv_staff_roster_get_time_zone (roster), ==, "Europe/Zagreb");
  g_assert_cmpstr (kv_staff_roster_lookup_name (roster, "ana.horvat"), ==, "Ana Horvat");
  g_assert_null (kv_staff_roster_lookup_name (roster, "nobody"));

  /* Kept for the kiosk's user only. */
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Read back at the next start, with no server. */
  reloaded = kv_staff_roster_new (NULL, f->path);
  g_assert_cmpuint (kv_staff_roster_get_n_staff (reloaded), ==, 2);
  g_assert_cmpstr (kv_staff_roster_get_time_zone (reloaded), ==, "Europe/Zagreb");
  staff = kv_staff_roster_dup_staff (reloaded);
  g_assert_cmpstr (((KvRosterEntry *) staff->pdata[0])->id, ==, "ana.horvat");
  g_assert_cmpstr (((KvRosterEntry *) staff->pdata[0])->pin_hash, ==, HASH);
  g_assert_true (kv_pin_verify (((KvRosterEntry *) staff->pdata[1])->pin_hash, "2468", NULL));

  /* A new roster replaces the last one whole, on disk too. */
  {
    g_autoptr(KvMessage) empty = kv_message_new (KV_MESSAGE_STAFF_ROSTER);
    g_autoptr(KvStaffRoster) again = NULL;

    kv_staff_roster_take (roster, &empty->staff_roster);
    g_assert_cmpuint (kv_staff_roster_get_n_staff (roster), ==, 0);
    g_assert_null (kv_staff_roster_get_time_zone (roster));
    again = kv_staff_roster_new (NULL, f->path);
    g_assert_cmpuint (kv_staff_roster_get_n_staff (again), ==, 0);
  }
}

typedef struct
{
  const char *name;
  const char *contents;
} BadFile;

static const BadFile bad_files[] = {
  { "not-json", "{\"type\":\"staff_roster\",\"staff\":[" },
  { "not-a-roster", "{\"type\":\"pong\",\"client_time\":\"2026-11-22T10:00:00Z\","
                    "\"server_time\":\"2026-11-22T10:00:00Z\"}" },
  { "empty", "" },
  { "plain-pin", "{\"type\":\"staff_roster\",\"staff\":[{\"id\":\"ana\",\"name\":\"Ana\","
                 "\"pin_hash\":\"2468\"}]}" },
  /* A tampered file must not make each PIN check take minutes. */
  { "costly-hash", "{\"type\":\"staff_roster\",\"staff\":[{\"id\":\"ana\",\"name\":\"Ana\","
                   "\"pin_hash\":\"$argon2id$v=19$m=4194304,t=2,p=1$H8Pg+kCAo0QLEKw6TT2CDg$"
                   "KNqHCrZ/JB6RAOmFHcJC/s/87biSdSrydN1yUGwxobg\"}]}" },
  { "zone-path", "{\"type\":\"staff_roster\",\"time_zone\":\"../../etc/passwd\",\"staff\":[]}" },
};

static void
test_bad_file_ignored (Fixture       *f,
                       gconstpointer  data)
{
  const BadFile *bad = data;
  g_autoptr(KvStaffRoster) roster = NULL;

  write_file (f, bad->contents);
  g_test_expect_message ("kv-kiosk", G_LOG_LEVEL_WARNING, "Ignored the kept staff roster*");
  roster = kv_staff_roster_new (KV_SIGNALLER (f->signaller), f->path);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (kv_staff_roster_get_n_staff (roster), ==, 0);
  g_assert_null (kv_staff_roster_get_time_zone (roster));

  /* The next roster from the server replaces the bad file. */
  kv_fake_signaller_receive (f->signaller, make_roster (NULL));
  g_assert_cmpuint (kv_staff_roster_get_n_staff (roster), ==, 2);
  {
    g_autoptr(KvStaffRoster) reloaded = kv_staff_roster_new (NULL, f->path);

    g_assert_cmpuint (kv_staff_roster_get_n_staff (reloaded), ==, 2);
  }
}

/* Without a place to keep it, the roster still works for this run. */
static void
test_unwritable (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *blocker = g_build_filename (f->dir, "kinvisit", NULL);
  g_autoptr(KvStaffRoster) roster = NULL;
  g_autoptr(GError) error = NULL;

  /* A file where the folder should be. */
  g_file_set_contents (blocker, "", 0, &error);
  g_assert_no_error (error);
  g_test_expect_message ("kv-kiosk", G_LOG_LEVEL_WARNING, "*staff roster*cannot be read*");
  roster = kv_staff_roster_new (KV_SIGNALLER (f->signaller), f->path);
  g_test_assert_expected_messages ();
  g_test_expect_message ("kv-kiosk", G_LOG_LEVEL_WARNING, "*for the staff roster*");
  kv_fake_signaller_receive (f->signaller, make_roster ("Europe/Zagreb"));
  g_test_assert_expected_messages ();
  g_assert_cmpuint (kv_staff_roster_get_n_staff (roster), ==, 2);
  g_unlink (blocker);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/staff-roster/persist-and-reload", Fixture, NULL, setup,
              test_persist_and_reload, teardown);
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *path = g_strdup_printf ("/staff-roster/bad-file/%s", bad_files[i].name);

      g_test_add (path, Fixture, &bad_files[i], setup, test_bad_file_ignored, teardown);
    }
  g_test_add ("/staff-roster/unwritable", Fixture, NULL, setup, test_unwritable, teardown);

  return g_test_run ();
}
