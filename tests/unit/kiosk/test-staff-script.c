/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "kv-staff-script.h"
#include "visit-fixture.h"

/* The demo's and the e2e test's staff (KvStaffScript, built with
 * -Dtest_hooks=true only): a script it cannot follow to the letter stops
 * the kiosk at start-up, naming the step; one it accepts acts through the
 * controller's public methods, as staff at the panel would. */

typedef struct
{
  const char *script;
  const char *expected;  /* in the message */
} BadScript;

static const BadScript bad_scripts[] = {
  { "", "the script is empty" },
  { "pause@10", "step 1 (“pause@10”): a pause needs a category" },
  { "pause:other", "no @SECONDS" },
  { "pause:other@-1", "whole seconds" },
  { "pause:other@+1", "whole seconds" },
  { "pause:other@86401", "whole seconds" },
  { "pause:bored@1", "a pause needs a category" },
  { "resume:other@1", "takes no category" },
  { "dance@1", "unknown action" },
  { "goodbye-now:safeguarding@1", "is the action safeguarding-stop" },
  { "goodbye-now@1", "goodbye-now needs a category" },
  { "pause:other@10;;resume@20", "step 2 (“”): empty step" },
  { "pause:other@10;resume@5", "step 2 (“resume@5”): steps must be in time order" },
};

static void
test_bad_scripts (Fixture       *f,
                  gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_scripts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KvStaffScript) script = kv_staff_script_new (f->controller, NULL,
                                                             bad_scripts[i].script, &error);

      g_test_message ("“%s”: %s", bad_scripts[i].script, error != NULL ? error->message : "");
      g_assert_null (script);
      g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
      g_assert_nonnull (strstr (error->message, bad_scripts[i].expected));
    }
}

static gboolean
on_deadline (gpointer user_data)
{
  gboolean *passed = user_data;

  *passed = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until @type was sent @count times, or fails
 * after 10 s. */
static void
wait_for_sent (Fixture       *f,
               KvMessageType  type,
               guint          count)
{
  gboolean passed = FALSE;
  guint deadline = g_timeout_add_seconds (10, on_deadline, &passed);

  while (kv_fake_signaller_count_sent (f->signaller, type) < count && !passed)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (passed);
  g_source_remove (deadline);
}

/* The steps' seconds count from when the visit went live, and each step
 * is what the staff panel sends. */
static void
test_acts_as_staff (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KvStaffScript) script = NULL;
  const KvMessage *sent;

  script = kv_staff_script_new (f->controller, NULL,
                                "pause:child-needs-a-moment@0;goodbye-now:finished-early@1",
                                &error);
  g_assert_no_error (error);
  g_assert_nonnull (script);

  /* Not before the visit is live. */
  kv_fake_call_set_state (kv_test_go_waiting (f, FALSE), KV_CALL_STATE_CONNECTED);
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_PAUSE), ==, 0);

  kv_test_advance_to (f, T (10, 30, 0));
  kv_test_receive (f, kv_fake_message_start (BOOKING, T (11, 0, 0)));
  kv_fake_call_set_media_flowing (kv_test_last_call (f), TRUE);

  wait_for_sent (f, KV_MESSAGE_PAUSE, 1);
  sent = kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_PAUSE);
  g_assert_true (sent->pause.paused);
  g_assert_cmpint (sent->pause.category, ==, KV_PAUSE_CATEGORY_CHILD_NEEDS_A_MOMENT);

  wait_for_sent (f, KV_MESSAGE_STAFF_END, 1);
  sent = kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_STAFF_END);
  g_assert_cmpstr (sent->staff_end.booking_id, ==, BOOKING);
  g_assert_cmpint (sent->staff_end.category, ==, KV_END_CATEGORY_FINISHED_EARLY);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/staff-script/bad-scripts", Fixture, NULL,
              kv_test_setup_prison, test_bad_scripts, kv_test_teardown);
  g_test_add ("/staff-script/acts-as-staff", Fixture, NULL,
              kv_test_setup_prison, test_acts_as_staff, kv_test_teardown);
  return g_test_run ();
}
