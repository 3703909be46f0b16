/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "kv-test-server.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

/* kinvisitctl's families, age rules, school hours, first-week share and
 * families report, run as a new user would type them against a real
 * server (127.0.0.1, port 0, fake clock): a 2-year-old whose father was
 * admitted yesterday, the first visit proposed and booked, a 60-minute
 * visit refused with its reason and then booked with an override; the due
 * list and the report on a seeded database. What kinvisitctl prints is
 * asserted as staff read it, and logged (meson test --verbose) as the
 * sample of each command. */

typedef struct
{
  KvTestServer server;
  char        *token_file;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  kv_test_server_start (&fixture->server, user_data);
  fixture->token_file = g_build_filename (fixture->server.dir, "admin.token", NULL);
  g_file_set_contents (fixture->token_file, KV_TEST_ADMIN_TOKEN "\n", -1, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_unlink (fixture->token_file);
  g_free (fixture->token_file);
  kv_test_server_clear (&fixture->server);
}

static void
on_communicate_ready (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  KvTestRun *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, &run->err,
                                        &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (G_SUBPROCESS (source));
  run->done = TRUE;
}

static gboolean
on_ctl_timeout (gpointer user_data)
{
  g_error ("kinvisitctl did not finish in %d s", KV_TEST_TIMEOUT_S);
  return G_SOURCE_REMOVE;
}

/* Runs the built kinvisitctl with the arguments after @expected_status
 * (NULL-terminated) as kv_test_run_ctl() does, logs the command line and
 * what it printed, and asserts its exit status. The run is the caller's
 * to clear. */
static void
ctl (Fixture    *fixture,
     KvTestRun  *run,
     int         expected_status,
     const char *first,
     ...)
{
  g_autofree char *url = kv_server_get_url (fixture->server.server, "http");
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) typed = g_string_new ("$ kinvisitctl");
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  guint timeout_id;
  va_list args;

  g_ptr_array_add (argv, g_build_filename (g_getenv ("KV_BUILD_ROOT"), "app", "server",
                                           "kinvisitctl", NULL));
  g_ptr_array_add (argv, g_strconcat ("--server=", url, NULL));
  g_ptr_array_add (argv, g_strconcat ("--token-file=", fixture->token_file, NULL));
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    {
      g_autofree char *quoted = strpbrk (arg, " \"'") != NULL ? g_shell_quote (arg)
                                                              : g_strdup (arg);

      g_ptr_array_add (argv, g_strdup (arg));
      g_string_append_printf (typed, " %s", quoted);
    }
  va_end (args);
  g_ptr_array_add (argv, NULL);

  memset (run, 0, sizeof *run);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_communicate_ready, run);
  timeout_id = g_timeout_add_seconds (KV_TEST_TIMEOUT_S, on_ctl_timeout, NULL);
  while (!run->done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout_id);

  g_test_message ("%s\n%s%s(exit %d)", typed->str, run->out, run->err, run->status);
  g_assert_cmpint (run->status, ==, expected_status);
}

/* @needle is in @text; says what was there if not. */
static void
assert_has (const char *text,
            const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("Expected \"%s\" in:\n%s", needle, text);
}

/* The word after @prefix in @text ("Booked b-12ab: ..." -> "b-12ab"). */
static char *
word_after (const char *text,
            const char *prefix)
{
  const char *start = strstr (text, prefix);
  gsize length;

  g_assert_nonnull (start);
  start += strlen (prefix);
  length = strcspn (start, " :\n");
  g_assert_cmpuint (length, >, 0);
  return g_strndup (start, length);
}

static gboolean
skip_without_build_root (void)
{
  if (g_getenv ("KV_BUILD_ROOT") != NULL)
    return FALSE;
  g_test_skip ("KV_BUILD_ROOT is not set: run under meson test");
  return TRUE;
}

/* Two sites in Zagreb, a kiosk at each, and a Tuesday template. */
static void
add_sites_and_kiosks (Fixture *fixture)
{
  KvTestRun run;

  ctl (fixture, &run, 0, "site", "add", "lepoglava", "--name", "Lepoglava prison", "--zone",
       "Europe/Zagreb", NULL);
  kv_test_run_clear (&run);
  ctl (fixture, &run, 0, "site", "add", "zagreb", "--name", "Zagreb centre", "--zone",
       "Europe/Zagreb", NULL);
  kv_test_run_clear (&run);
  ctl (fixture, &run, 0, "kiosk", "add", "prison-1", "--role", "prison", "--site", "lepoglava",
       NULL);
  kv_test_run_clear (&run);
  ctl (fixture, &run, 0, "kiosk", "add", "community-1", "--role", "community", "--site",
       "zagreb", NULL);
  kv_test_run_clear (&run);
}

/* A site's age rules and school hours, and a template's first-week
 * share: shown, changed, and refused with the server's reason. */
static void
test_site_rules (Fixture       *fixture,
                 gconstpointer  user_data)
{
  KvTestRun run;

  if (skip_without_build_root ())
    return;
  add_sites_and_kiosks (fixture);

  ctl (fixture, &run, 0, "site", "age-rules", "zagreb", NULL);
  assert_has (run.out, "Age rules of zagreb (a family follows the rules of its youngest "
                       "child):\n"
                       "BAND   USUAL LENGTH  LONGEST  GAP BETWEEN VISITS  CONTACT AIMED FOR\n"
                       "0-3    15 min        20 min   24 hours            2 visits every 7 days\n"
                       "4-7    20 min        30 min   24 hours            1 visit every 7 days\n"
                       "8-12   30 min        45 min   24 hours            1 visit every 7 days\n"
                       "13-17  30 min        45 min   24 hours            1 visit every 7 days\n");
  kv_test_run_clear (&run);
  /* Only what is typed changes; the band's other rules stay. */
  ctl (fixture, &run, 0, "site", "age-rules", "zagreb", "--band", "4-7", "--max", "40", "--aim",
       "2/7", NULL);
  assert_has (run.out, "4-7    20 min        40 min   24 hours            2 visits every 7 days\n");
  assert_has (run.out, "0-3    15 min        20 min   24 hours            2 visits every 7 days\n");
  kv_test_run_clear (&run);
  g_assert_true (kv_test_audit_has (&fixture->server, "admin", "site-age-rules", NULL));
  ctl (fixture, &run, 0, "site", "age-rules", "zagreb", NULL);
  assert_has (run.out, "4-7    20 min        40 min   24 hours            2 visits every 7 days\n");
  kv_test_run_clear (&run);
  /* Refused by the server, which names the band or the rule. */
  ctl (fixture, &run, 1, "site", "age-rules", "zagreb", "--band", "5-9", "--max", "20", NULL);
  assert_has (run.err, "(bad-age-band)");
  kv_test_run_clear (&run);
  ctl (fixture, &run, 1, "site", "age-rules", "zagreb", "--band", "0-3", "--default", "30",
       NULL);
  assert_has (run.err, "(bad-rules)");
  kv_test_run_clear (&run);
  /* Refused before anything is sent. */
  ctl (fixture, &run, 2, "site", "age-rules", "zagreb", "--band", "0-3", "--aim", "2-7", NULL);
  assert_has (run.err, "--aim 2-7: write visits/days, like 2/7");
  kv_test_run_clear (&run);
  ctl (fixture, &run, 2, "site", "age-rules", "zagreb", "--max", "25", NULL);
  assert_has (run.err, "--max belongs to a band");
  kv_test_run_clear (&run);

  ctl (fixture, &run, 0, "site", "school-hours", "zagreb", NULL);
  g_assert_cmpstr (run.out, ==, "zagreb has no school hours.\n");
  kv_test_run_clear (&run);
  ctl (fixture, &run, 0, "site", "school-hours", "zagreb", "mon-fri=08:00-15:00",
       "sat=09:00-12:00", NULL);
  assert_has (run.out, "School hours of zagreb: mon-fri 08:00-15:00, sat 09:00-12:00.\n");
  kv_test_run_clear (&run);
  g_assert_true (kv_test_audit_has (&fixture->server, "admin", "site-school-hours", NULL));
  ctl (fixture, &run, 0, "site", "school-hours", "zagreb", NULL);
  assert_has (run.out, "School hours of zagreb: mon-fri 08:00-15:00, sat 09:00-12:00.\n");
  kv_test_run_clear (&run);
  /* In the very format of the site's hours. */
  ctl (fixture, &run, 0, "--json", "site", "school-hours", "zagreb", NULL);
  assert_has (run.out, "\"weekday\" : \"sat\"");
  assert_has (run.out, "\"opens\" : \"09:00\"");
  kv_test_run_clear (&run);
  ctl (fixture, &run, 1, "site", "school-hours", "zagreb", "mon=15:00-08:00", NULL);
  assert_has (run.err, "(bad-hours)");
  kv_test_run_clear (&run);
  ctl (fixture, &run, 2, "site", "school-hours", "zagreb", "weekdays=08:00-15:00", NULL);
  kv_test_run_clear (&run);
  ctl (fixture, &run, 0, "template", "add", "--prison", "prison-1", "--community",
       "community-1", "--weekday", "thu", "--start", "10:00", "--minutes", "30", "--from",
       "2026-12-01", "--id", "t-thu", "--first-week-share", "50", NULL);
  g_assert_cmpstr (run.out, ==, "t-thu\n");
  kv_test_run_clear (&run);
  ctl (fixture, &run, 0, "template", "list", NULL);
  assert_has (run.out, "FIRST WEEK");
  assert_has (run.out, "50%");
  kv_test_run_clear (&run);
  ctl (fixture, &run, 1, "template", "edit", "t-thu", "--first-week-share", "101", NULL);
  assert_has (run.err, "(bad-share)");
  kv_test_run_clear (&run);
  ctl (fixture, &run, 0, "template", "edit", "t-thu", "--first-week-share", "100", NULL);
  g_assert_cmpstr (run.out, ==, "Template t-thu changed: 100% of its slots are kept for "
                                "families in their first week until 48 hours before they "
                                "start.\n");
  kv_test_run_clear (&run);
  /* Thursday's slot is kept until Tuesday 10:00, and is in school hours. */
  ctl (fixture, &run, 0, "slots", "--prison", "prison-1", "--community", "community-1", "--from",
       "2026-12-10", "--days", "1", NULL);
  assert_has (run.out, "  NOTE\n");
  assert_has (run.out, "2026-12-10 10:00 CET  10:30 CET  free");
  assert_has (run.out, "  kept for first-week families until 2026-12-08 10:00; school hours\n");
  kv_test_run_clear (&run);
  /* Without a family, the next free slot is not one of those. */
  ctl (fixture, &run, 1, "book", "--next-free", "--prison", "prison-1", "--community",
       "community-1", "--from", "2026-12-10", "--days", "1", NULL);
  assert_has (run.err, "no free slot for prison-1 and community-1 in the next 1 days");
  kv_test_run_clear (&run);
  ctl (fixture, &run, 0, "template", "edit", "t-thu", "--first-week-share", "25", NULL);
  g_assert_cmpstr (run.out, ==, "Template t-thu changed: 25% of its slots are kept for families "
                                "in their first week until 48 hours before they start.\n");
  kv_test_run_clear (&run);

  ctl (fixture, &run, 0, "site", "school-hours", "zagreb", "--clear", NULL);
  g_assert_cmpstr (run.out, ==, "zagreb has no school hours.\n");
  kv_test_run_clear (&run);
}

/* Dad was admitted yesterday; Lena is two. */
static void
test_first_week (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *override_booking = NULL;
  g_autofree char *booked = NULL;
  g_autofree char *next_line = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  KvTestRun run;

  if (skip_without_build_root ())
    return;
  add_sites_and_kiosks (fixture);
  ctl (fixture, &run, 0, "template", "add", "--prison", "prison-1", "--community",
       "community-1", "--weekday", "tue", "--start", "15:30", "--minutes", "30", "--from",
       "2026-12-01", "--id", "t-tue", NULL);
  kv_test_run_clear (&run);

  /* What is wrong with the command line, before anything is sent. */
  ctl (fixture, &run, 2, "family", "add", "--parent", "Dad", "--child", "Lena", "--admitted",
       "2026-12-06", "--prison-kiosk", "prison-1", "--community-site", "zagreb", NULL);
  assert_has (run.err, "--child Lena: write the child's label, a colon and the age band");
  kv_test_run_clear (&run);
  ctl (fixture, &run, 2, "family", "add", "--parent", "Dad", "--child", "Lena:0-3", NULL);
  kv_test_run_clear (&run);
  /* What the server refuses, with its reason; nothing is written. */
  ctl (fixture, &run, 1, "family", "add", "--parent", "Dad", "--child", "Lena:2", "--admitted",
       "2026-12-06", "--prison-kiosk", "prison-1", "--community-site", "zagreb", NULL);
  assert_has (run.err, "kinvisitctl: family refused: ");
  assert_has (run.err, "(bad-age-band)");
  kv_test_run_clear (&run);
  ctl (fixture, &run, 1, "family", "add", "--parent", "Dad", "--child", "Lena:0-3",
       "--admitted", "2026-12-08", "--prison-kiosk", "prison-1", "--community-site", "zagreb",
       NULL);
  assert_has (run.err, "(admitted-in-future)");
  kv_test_run_clear (&run);
  ctl (fixture, &run, 1, "family", "add", "--parent", "Dad", "--child", "Lena:0-3",
       "--admitted", "2026-12-06", "--prison-kiosk", "community-1", "--community-site", "zagreb",
       NULL);
  assert_has (run.err, "(not-a-prison-kiosk)");
  kv_test_run_clear (&run);
  ctl (fixture, &run, 0, "family", "list", NULL);
  g_assert_cmpstr (run.out, ==, "No families.\n");
  kv_test_run_clear (&run);

  /* Monday 7 December, 10:00 in Zagreb: the first week is the 6th to the
   * 13th, and the first free slot is Tuesday's, at a 2-year-old's 15
   * minutes. */
  ctl (fixture, &run, 0, "family", "add", "--parent", "Dad", "--child", "Lena:0-3", "--admitted",
       "2026-12-06", "--prison-kiosk", "prison-1", "--community-site", "zagreb", "--id",
       "f-lena", NULL);
  assert_has (run.out,
              "Family f-lena added: Dad with Lena (0-3)\n"
              "  Community site:   zagreb\n"
              "  Prison kiosk:     prison-1\n"
              "  Admitted:         Sun 6 Dec 2026\n"
              "  Rules (0-3):      15-minute visits (at most 20 minutes), at least 24 hours "
              "apart; the site aims for 2 visits every 7 days\n"
              "  Contact:          first contact due within the first week: 6 days left (its "
              "last day is Sun 13 Dec 2026)\n"
              "  Last visit held:  none yet\n"
              "Proposed first visit: Tue 8 Dec 2026 15:30–15:45 CET (15 min) at prison-1 ↔ "
              "community-1, within the first week (its last day is Sun 13 Dec)\n"
              "Book it: kinvisitctl book --family f-lena --slot t-tue@2026-12-08T15:30");
  assert_has (run.out, " --minutes 15\n");
  kv_test_run_clear (&run);
  g_assert_true (kv_test_audit_has (&fixture->server, "admin", "family-added", NULL));

  /* The same parent and child on the same kiosk again. */
  ctl (fixture, &run, 1, "family", "add", "--parent", "Dad", "--child", "Lena:0-3", "--admitted",
       "2026-12-06", "--prison-kiosk", "prison-1", "--community-site", "zagreb", NULL);
  assert_has (run.err, "(family-overlap)");
  kv_test_run_clear (&run);

  ctl (fixture, &run, 0, "family", "list", NULL);
  assert_has (run.out, "ID      PARENT  CHILDREN    COMMUNITY SITE  PRISON KIOSKS  ADMITTED    "
                       "CONTACT\n"
                       "f-lena  Dad     Lena (0-3)  zagreb          prison-1       2026-12-06  "
                       "first contact: 6 days left\n");
  kv_test_run_clear (&run);
  ctl (fixture, &run, 0, "family", "propose", "f-lena", NULL);
  assert_has (run.out, "Family f-lena: Dad with Lena (0-3)\n"
                       "Contact: first contact due within the first week: 6 days left (its last "
                       "day is Sun 13 Dec 2026)\n"
                       "Proposed first visit: Tue 8 Dec 2026 15:30–15:45 CET (15 min) at "
                       "prison-1 ↔ community-1, within the first week (its last day is Sun 13 "
                       "Dec)\n"
                       "Book it: kinvisitctl book --family f-lena --slot t-tue@2026-12-08T15:30");
  kv_test_run_clear (&run);

  /* An hour for a 2-year-old: refused, with why and what a scheduler
   * may do; then booked with the reason, which the audit log keeps. */
  ctl (fixture, &run, 1, "book", "--family", "f-lena", "--prison", "prison-1", "--community",
       "community-1", "--start", "2026-12-10 15:00", "--minutes", "60", NULL);
  g_assert_cmpstr (run.out, ==, "");
  assert_has (run.err, "kinvisitctl: booking refused: ");
  assert_has (run.err, "20 minutes");
  assert_has (run.err, "60 minutes");
  assert_has (run.err, "(too-long-for-age)\n"
                       "kinvisitctl: a scheduler may still book it by saying why, for the audit "
                       "log: add --override-reason \"why this visit needs to be longer\"\n");
  kv_test_run_clear (&run);
  ctl (fixture, &run, 0, "book", "--family", "f-lena", "--prison", "prison-1", "--community",
       "community-1", "--start", "2026-12-10 15:00", "--minutes", "60", "--override-reason",
       "Court order: one hour", NULL);
  assert_has (run.out, " 2026-12-10 15:00 CET\n"
                       "Outside the age rules, for this reason (kept in the audit log): "
                       "Court order: one hour\n");
  override_booking = word_after (run.out, "");
  kv_test_run_clear (&run);
  g_assert_true (kv_test_audit_has (&fixture->server, "admin", "booking-rules-override",
                                    override_booking));

  /* The proposal, booked in one go. */
  ctl (fixture, &run, 0, "family", "book-next", "f-lena", NULL);
  assert_has (run.out, ": Tue 8 Dec 2026 15:30–15:45 CET (15 min) at prison-1 ↔ community-1, "
                       "for Dad and Lena.\n");
  booked = word_after (run.out, "Booked ");
  kv_test_run_clear (&run);
  /* Two visits in one afternoon for a 2-year-old: too close. */
  ctl (fixture, &run, 1, "book", "--family", "f-lena", "--prison", "prison-1", "--community",
       "community-1", "--start", "2026-12-08 18:00", "--minutes", "15", NULL);
  assert_has (run.err, "(too-close-for-age)\n"
                       "kinvisitctl: a scheduler may still book it by saying why, for the audit "
                       "log: add --override-reason \"why this visit needs to be so close to the "
                       "other\"\n");
  kv_test_run_clear (&run);

  ctl (fixture, &run, 0, "family", "show", "f-lena", NULL);
  assert_has (run.out, "Family f-lena: Dad with Lena (0-3)\n");
  assert_has (run.out, "  Added:            Mon 7 Dec 2026 10:00 CET by admin\n");
  assert_has (run.out, "Tue 8 Dec 2026 15:30–15:45 CET   scheduled  -     -\n");
  assert_has (run.out, "Thu 10 Dec 2026 15:00–16:00 CET  scheduled");
  assert_has (run.out, "Court order: one hour\n");
  /* Booked already: no pointer to another. */
  g_assert_null (strstr (run.out, "family propose"));
  kv_test_run_clear (&run);

  /* Booked, not yet held: still due, and it says what is booked instead
   * of proposing a second visit. */
  next_line = g_strdup_printf ("    Next visit booked for Tue 8 Dec 2026 15:30 CET (%s): it "
                               "counts once it has been held.\n", booked);
  ctl (fixture, &run, 0, "family", "due", NULL);
  assert_has (run.out, "First contact due (within a week of admission)\n"
                       "  f-lena  Dad with Lena (0-3), zagreb, admitted Sun 6 Dec 2026: 6 days "
                       "left\n");
  assert_has (run.out, next_line);
  assert_has (run.out, "\nRegular contact due (oldest first)\n  None.\n");
  kv_test_run_clear (&run);

  ctl (fixture, &run, 0, "family", "edit", "f-lena", "--child", "Lena:0-3", "--child", "Tom:4-7",
       NULL);
  assert_has (run.out, "Family f-lena changed: Dad with Lena (0-3) and Tom (4-7)\n");
  assert_has (run.out, "  Rules (0-3):");
  kv_test_run_clear (&run);
  g_assert_true (kv_test_audit_has (&fixture->server, "admin", "family-changed", NULL));

  ctl (fixture, &run, 0, "--json", "family", "show", "f-lena", NULL);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                  "id"), ==, "f-lena");
  kv_test_run_clear (&run);

  ctl (fixture, &run, 0, "family", "archive", "f-lena", NULL);
  g_assert_cmpstr (run.out, ==, "Family f-lena archived: Dad with Lena (0-3) and Tom (4-7). It "
                                "is no longer in the due lists or proposals; its bookings "
                                "stay.\n");
  kv_test_run_clear (&run);
  ctl (fixture, &run, 0, "family", "due", NULL);
  g_assert_cmpstr (run.out, ==, "First contact due (within a week of admission)\n"
                                "  None.\n"
                                "\n"
                                "Regular contact due (oldest first)\n"
                                "  None.\n");
  kv_test_run_clear (&run);
  ctl (fixture, &run, 0, "family", "list", NULL);
  g_assert_cmpstr (run.out, ==, "No families.\n");
  kv_test_run_clear (&run);
  ctl (fixture, &run, 0, "family", "list", "--archived", NULL);
  assert_has (run.out, "f-lena");
  assert_has (run.out, "archived\n");
  kv_test_run_clear (&run);
  ctl (fixture, &run, 1, "family", "book-next", "f-lena", NULL);
  kv_test_run_clear (&run);
}

/* Four families of Zagreb, as November left them (written with SQL while
 * the server is stopped):
 * - f-a, Lena (0-3), admitted 2 Nov: visits held on 4, 7 and 14 Nov (the
 *   first in her first week), one cancelled on the 20th;
 * - f-b, Tom (4-7), admitted 10 Nov: a technical failure on the 12th (not
 *   held), then a 60-minute visit on the 20th booked over the rules;
 * - f-c, Ivo (8-12), admitted 1 Dec, nothing yet;
 * - f-d, archived.
 * And one visit of no family. On 2 December, f-c's first contact is due
 * with 6 days left; f-a's regular contact has been due since 17 Nov, f-b's
 * since 27 Nov. In November: 2 new families, 1 with first-week contact;
 * 0-3 intervals of 3 and 7 days (median 5); 5 visits, 4 within the rules. */
static const char seeded[] =
  "INSERT INTO sites (id, name, time_zone, created_us) VALUES "
  "  ('lepoglava', 'Lepoglava prison', 'Europe/Zagreb', 0),"
  "  ('zagreb', 'Zagreb centre', 'Europe/Zagreb', 0);"
  "UPDATE kiosks SET site_id = 'lepoglava' WHERE id = 'prison-1';"
  "UPDATE kiosks SET site_id = 'zagreb' WHERE id = 'community-1';"
  "INSERT INTO families (id, parent_label, admitted_on, community_site, created_us, created_by,"
  "  archived_us) VALUES "
  "  ('f-a', 'Dad', '2026-11-02', 'zagreb', 0, 'admin', 0),"
  "  ('f-b', 'Mum', '2026-11-10', 'zagreb', 0, 'admin', 0),"
  "  ('f-c', 'Dad', '2026-12-01', 'zagreb', 0, 'admin', 0),"
  "  ('f-d', 'Mum', '2026-10-01', 'zagreb', 0, 'admin', 1);"
  "INSERT INTO family_children VALUES ('f-a', 0, 'Lena', '0-3'), ('f-b', 0, 'Tom', '4-7'),"
  "  ('f-c', 0, 'Ivo', '8-12'), ('f-d', 0, 'Mia', '13-17');"
  "INSERT INTO family_kiosks SELECT id, 'prison-1' FROM families;"
  /* id, family, band, start (UTC), minutes, cancelled, override */
  "CREATE TEMP TABLE b (id TEXT, family TEXT, band TEXT, start TEXT, minutes INTEGER,"
  "  cancelled INTEGER, override TEXT);"
  "INSERT INTO b VALUES "
  "  ('b-a1', 'f-a', '0-3', '2026-11-04 10:00:00', 15, 0, ''),"
  "  ('b-a2', 'f-a', '0-3', '2026-11-07 10:00:00', 15, 0, ''),"
  "  ('b-a3', 'f-a', '0-3', '2026-11-14 10:00:00', 15, 0, ''),"
  "  ('b-a4', 'f-a', '0-3', '2026-11-20 10:00:00', 15, 1, ''),"
  "  ('b-b1', 'f-b', '4-7', '2026-11-12 10:00:00', 20, 0, ''),"
  "  ('b-b2', 'f-b', '4-7', '2026-11-20 10:00:00', 60, 0, 'Court order: one hour'),"
  "  ('b-x', NULL, 'unspecified', '2026-11-21 10:00:00', 30, 0, '');"
  "INSERT INTO bookings (id, prison_kiosk, community_kiosk, start_us, end_us, prison_label,"
  "  community_label, age_band, created_us, cancelled_us, family_id, rules_override) "
  "SELECT id, 'prison-1', 'community-1', unixepoch (start) * 1000000,"
  "  (unixepoch (start) + minutes * 60) * 1000000, 'Parent', 'Child', band, 0,"
  "  CASE WHEN cancelled THEN unixepoch (start) * 1000000 - 86400000000 ELSE 0 END,"
  "  family, override FROM b;"
  /* booking, outcome, ended after (s) */
  "CREATE TEMP TABLE s (id TEXT, outcome TEXT, ended INTEGER);"
  "INSERT INTO s VALUES ('b-a1', 'completed', 900), ('b-a2', 'completed', 900),"
  "  ('b-a3', 'completed', 900), ('b-b1', 'technical-failure', 300),"
  "  ('b-b2', 'completed', 3600), ('b-x', 'completed', 1800);"
  "INSERT INTO sessions (booking_id, state, outcome, present, confirmed, absent, live_since_us,"
  "  ended_at_us, lost_us, makeup_us, updated_us) "
  "SELECT s.id, 'ended', outcome, 0, 0, 0, bookings.start_us,"
  "  bookings.start_us + ended * 1000000, 0, 0, bookings.start_us "
  "FROM s JOIN bookings ON bookings.id = s.id;";

static void
seed (Fixture *fixture)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_free (kv_test_add_kiosk (&fixture->server, "prison-1", "prison"));
  g_free (kv_test_add_kiosk (&fixture->server, "community-1", "community"));
  kv_test_server_stop (&fixture->server);
  g_assert_cmpint (sqlite3_open (fixture->server.db_path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, seeded, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s", message);
  sqlite3_close (db);
  kv_test_server_restart (&fixture->server);
}

/* The due list and the families report on the seeded database. */
static void
test_due_and_report (Fixture       *fixture,
                     gconstpointer  user_data)
{
  KvTestRun run;

  if (skip_without_build_root ())
    return;
  seed (fixture);
  ctl (fixture, &run, 0, "template", "add", "--prison", "prison-1", "--community",
       "community-1", "--weekday", "wed", "--start", "16:00", "--minutes", "30", "--from",
       "2026-11-01", "--id", "t-wed", NULL);
  kv_test_run_clear (&run);

  /* Wednesday 2 December, 10:00 in Zagreb. */
  ctl (fixture, &run, 0, "family", "due", NULL);
  assert_has (run.out,
              "First contact due (within a week of admission)\n"
              "  f-c  Dad with Ivo (8-12), zagreb, admitted Tue 1 Dec 2026: 6 days left\n"
              "    Proposed first visit: Wed 2 Dec 2026 16:00–16:30 CET (30 min) at prison-1 ↔ "
              "community-1, within the first week (its last day is Tue 8 Dec)\n"
              "    Book it: kinvisitctl family book-next f-c\n"
              "\n"
              "Regular contact due (oldest first)\n"
              "  f-a  Dad with Lena (0-3), zagreb, last visit held Sat 14 Nov 2026 11:00 CET: "
              "15 days late\n"
              "    Proposed next visit: Wed 2 Dec 2026 16:00–16:15 CET (15 min) at prison-1 ↔ "
              "community-1\n"
              "    Book it: kinvisitctl family book-next f-a\n"
              "  f-b  Mum with Tom (4-7), zagreb, last visit held Fri 20 Nov 2026 11:00 CET: 5 "
              "days late\n"
              "    Proposed next visit: Wed 2 Dec 2026 16:00–16:20 CET (20 min) at prison-1 ↔ "
              "community-1\n"
              "    Book it: kinvisitctl family book-next f-b\n");
  g_assert_null (strstr (run.out, "f-d"));
  kv_test_run_clear (&run);
  ctl (fixture, &run, 0, "family", "due", "--site", "lepoglava", NULL);
  kv_test_run_clear (&run);

  ctl (fixture, &run, 0, "report", "families", "--month", "2026-11", "--site", "zagreb", NULL);
  g_assert_cmpstr (run.out, ==,
                   "2026-11                                  zagreb\n"
                   "New families (admitted this month)       2\n"
                   "  with a visit held in their first week  1 of 2 (50%)\n"
                   "Median time between held visits, 0-3     5.0 days (2 intervals)\n"
                   "Median time between held visits, 4-7     -\n"
                   "Median time between held visits, 8-12    -\n"
                   "Median time between held visits, 13-17   -\n"
                   "Visits                                   5\n"
                   "  within the age rules                   4 of 5 (80%)\n");
  kv_test_run_clear (&run);
  ctl (fixture, &run, 0, "report", "families", "--month", "2026-11", "--site", "zagreb", "--csv",
       NULL);
  /* The server's CSV as it comes: every cell quoted (against spreadsheet
   * formulas), CRLF, an empty cell where there is no median. */
  g_assert_cmpstr (run.out, ==,
                   "\"month\",\"site\",\"new_families\",\"first_week_contact\","
                   "\"first_week_share\",\"median_days_0_3\",\"median_days_4_7\","
                   "\"median_days_8_12\",\"median_days_13_17\",\"visits\","
                   "\"visits_within_rules\",\"within_rules_share\"\r\n"
                   "\"2026-11\",\"zagreb\",\"2\",\"1\",\"0.500\",\"5.00\",\"\",\"\",\"\","
                   "\"5\",\"4\",\"0.800\"\r\n");
  kv_test_run_clear (&run);
  ctl (fixture, &run, 1, "report", "families", "--month", "November", NULL);
  assert_has (run.err, "(bad-month)");
  kv_test_run_clear (&run);
  ctl (fixture, &run, 2, "report", "families", NULL);
  kv_test_run_clear (&run);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/families-ctl/site-rules", Fixture, "2026-12-07T09:00:00Z",
              fixture_set_up, test_site_rules, fixture_tear_down);
  g_test_add ("/server/families-ctl/first-week", Fixture, "2026-12-07T09:00:00Z",
              fixture_set_up, test_first_week, fixture_tear_down);
  g_test_add ("/server/families-ctl/due-and-report", Fixture, "2026-12-02T09:00:00Z",
              fixture_set_up, test_due_and_report, fixture_tear_down);

  return g_test_run ();
}
