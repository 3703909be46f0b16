/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-touch"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "kv-ui-test-utils.h"
#include "kv-ui-touch-targets.h"
#include "kv-visit-screen.h"

/* "Supervision that does not frighten": every screen a child sees, on
 * both kiosks, in a real KvWindow at the screen sizes kiosks have. On each
 * screen: it fits the window, everything a finger can press is a marked
 * child control (or staff's), each child control is at least 96 x 96 px
 * where it is laid out, and a screenshot (<role>-<screen>-<W>x<H>.png). */

typedef struct
{
  KvRole role;
  int    width;
  int    height;
} Case;

static const Case cases[] = {
  { KV_ROLE_COMMUNITY, 640, 480 },
  { KV_ROLE_COMMUNITY, 1280, 800 },
  { KV_ROLE_COMMUNITY, 1920, 1080 },
  { KV_ROLE_PRISON, 640, 480 },
  { KV_ROLE_PRISON, 1280, 800 },
  { KV_ROLE_PRISON, 1920, 1080 },
};

/* Child controls on every screen: the language button (four languages). */
#define N_TOP_BAR_CONTROLS 1
/* The waiting room's plan: who, how long, goodbye. */
#define N_PLAN_STEPS 3
/* The visit's sticker tray: two columns of four, or of three on a compact
 * screen (below 1024 x 700: only 640 x 480 here), where the other side's
 * picture gets the room (kv-visit-screen.c). */
#define N_STICKERS(f) ((f)->width < 1024 || (f)->height < 700 ? 6 : 8)
/* The child's "I'm not OK" button: on the community kiosk's waiting room
 * and visit only. */
#define N_NOT_OK(f) ((f)->role == KV_ROLE_COMMUNITY ? 1 : 0)

static void
setup (KvUiFixture   *f,
       gconstpointer  data)
{
  const Case *c = data;

  kv_ui_fixture_setup_sized (f, c->role, c->width, c->height);
}

static void
teardown (KvUiFixture   *f,
          gconstpointer  data)
{
  kv_ui_fixture_teardown (f);
}

static void
check_screen (KvUiFixture *f,
              const char  *screen,
              const char  *picture_name,
              guint        n_child_controls)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  g_autoptr (GString) measured = g_string_new (NULL);
  guint n;

  kv_ui_wait_for_paint (window);
  g_assert_cmpstr (kv_window_get_visible_screen (f->window), ==, screen);
  /* Saved first: a screen that fails is worth looking at. */
  kv_ui_save_screenshot (f, picture_name);
  n = kv_test_measure_touch_targets (window, KV_TEST_CHILD_TOUCH_PX, measured);
  g_test_message ("%s, %s, %d x %d:\n%s", kv_role_to_string (f->role), picture_name,
                  f->width, f->height, measured->str);
  kv_test_assert_touchables_marked (window);
  g_assert_cmpuint (n, ==, n_child_controls);
  kv_ui_assert_window_fits (f);
}

static void
test_every_screen (KvUiFixture   *f,
                   gconstpointer  data)
{
  KvFakeCall *call;

  /* Nothing booked: the resting screen with its picture. */
  kv_visit_controller_start (f->controller);
  kv_fake_signaller_sign_in (f->signaller, "kiosk-1", f->role, kv_clock_get_now (f->clock));
  kv_ui_fixture_receive (f, kv_fake_message_schedule_empty (kv_clock_get_now (f->clock)));
  check_screen (f, "unavailable", "no-booking", N_TOP_BAR_CONTROLS);

  kv_ui_fixture_receive_schedule (f);
  check_screen (f, "idle", "idle", N_TOP_BAR_CONTROLS);

  kv_ui_fixture_join (f);
  kv_ui_fixture_receive (f, kv_fake_message_session (KV_TEST_BOOKING, KV_SESSION_STATE_JOINABLE,
                                                     kv_test_time (10, 30, 0), kv_test_time (11, 0, 0),
                                                     KV_SIDE_BOTH, KV_SIDE_NONE, 0, 0));
  check_screen (f, "waiting", "waiting", N_TOP_BAR_CONTROLS + N_PLAN_STEPS + N_NOT_OK (f));
  {
    KvMessage *session = kv_fake_message_session (KV_TEST_BOOKING, KV_SESSION_STATE_JOINABLE,
                                                  kv_test_time (10, 30, 0), kv_test_time (11, 0, 0),
                                                  KV_SIDE_BOTH, KV_SIDE_NONE, 0, 0);

    /* Supervised, with "I'm not OK" pressed: the waiting room's corner
     * signs at their biggest. */
    session->session.supervised = TRUE;
    kv_ui_fixture_receive (f, session);
  }
  if (f->role == KV_ROLE_COMMUNITY)
    {
      GtkWidget *waiting = kv_window_get_screen (f->window, "waiting");

      g_assert_true (gtk_widget_activate_action (waiting, "visit.child-alert", NULL));
    }
  check_screen (f, "waiting", "waiting-supervised-not-ok",
                N_TOP_BAR_CONTROLS + N_PLAN_STEPS + N_NOT_OK (f));
  kv_visit_controller_child_alert_seen (f->controller);

  kv_ui_fixture_advance_to (f, kv_test_time (10, 30, 0));
  kv_ui_fixture_receive (f, kv_fake_message_start (KV_TEST_BOOKING, kv_test_time (11, 0, 0)));
  call = kv_ui_fixture_call (f);
  kv_fake_call_set_media_flowing (call, TRUE);
  /* Supervised, with "I'm not OK" pressed: the corner signs at their
   * biggest (the badge and the button's acknowledgement). */
  kv_ui_fixture_receive_live_session (f, KV_SIDE_NONE, KV_PAUSE_CATEGORY_NONE, KV_SIDE_NONE, TRUE);
  check_screen (f, "visit", "visit", N_TOP_BAR_CONTROLS + N_STICKERS (f) + N_NOT_OK (f));
  if (f->role == KV_ROLE_COMMUNITY)
    {
      GtkWidget *visit = kv_window_get_screen (f->window, "visit");

      g_assert_true (gtk_widget_activate_action (kv_visit_screen_get_not_ok_button (KV_VISIT_SCREEN (visit)),
                                                 "not-ok.press", NULL));
      check_screen (f, "visit", "visit-not-ok", N_TOP_BAR_CONTROLS + N_STICKERS (f) + N_NOT_OK (f));
      kv_visit_controller_child_alert_seen (f->controller);
    }

  /* Paused, by this side and by the other. */
  kv_ui_fixture_receive_live_session (f, KV_SIDE_PRISON, KV_PAUSE_CATEGORY_OTHER, KV_SIDE_NONE, TRUE);
  check_screen (f, "paused", "paused-prison", N_TOP_BAR_CONTROLS);
  kv_ui_fixture_receive_live_session (f, KV_SIDE_COMMUNITY, KV_PAUSE_CATEGORY_OTHER, KV_SIDE_NONE,
                                      TRUE);
  check_screen (f, "paused", "paused-community", N_TOP_BAR_CONTROLS);
  kv_ui_fixture_receive_live_session (f, KV_SIDE_NONE, KV_PAUSE_CATEGORY_NONE, KV_SIDE_NONE, TRUE);
  g_assert_cmpstr (kv_window_get_visible_screen (f->window), ==, "visit");

  kv_fake_call_set_media_flowing (call, FALSE);
  check_screen (f, "reconnecting", "reconnecting", N_TOP_BAR_CONTROLS);
  kv_fake_call_set_media_flowing (call, TRUE);

  kv_ui_fixture_advance_to (f, kv_test_time (10, 59, 0));
  kv_ui_fixture_receive (f, kv_fake_message_goodbye (KV_TEST_BOOKING, kv_test_time (11, 0, 0)));
  check_screen (f, "goodbye", "goodbye", N_TOP_BAR_CONTROLS);

  kv_ui_fixture_advance_to (f, kv_test_time (11, 0, 0));
  kv_ui_fixture_receive (f, kv_fake_message_end (KV_TEST_BOOKING, KV_OUTCOME_COMPLETED, 0));
  check_screen (f, "after", "after", N_TOP_BAR_CONTROLS);
}

/* A safeguarding stop: the calm screen of each side. */
static void
test_stopped_screen (KvUiFixture   *f,
                     gconstpointer  data)
{
  kv_ui_fixture_sign_in (f);
  kv_ui_fixture_go_live (f);
  kv_ui_fixture_receive_staff_end (f, KV_END_CATEGORY_SAFEGUARDING);
  check_screen (f, "stopped", "stopped", N_TOP_BAR_CONTROLS);
}

/* The touchables check itself must be able to fail: a button a child can
 * press that nobody marked. */
static void
test_unmarked_button_fails (KvUiFixture   *f,
                            gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      GtkWidget *button = gtk_button_new_with_label ("unmarked");
      GtkWidget *staff = gtk_button_new_with_label ("staff");
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

      gtk_widget_set_name (button, "unmarked");
      gtk_widget_add_css_class (staff, KV_TEST_STAFF_ONLY_CLASS);
      gtk_box_append (GTK_BOX (box), staff);
      gtk_box_append (GTK_BOX (box), button);
      gtk_overlay_add_overlay (GTK_OVERLAY (gtk_window_get_child (GTK_WINDOW (f->window))), box);
      kv_ui_wait_for_paint (GTK_WIDGET (f->window));
      kv_test_assert_touchables_marked (GTK_WIDGET (f->window));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*not marked*GtkButton “unmarked”*");
  g_test_trap_assert_stderr_unmatched ("*GtkButton “staff”*");
}

int
main (int   argc,
      char *argv[])
{
  const char *build_root = g_getenv ("KV_BUILD_ROOT");

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  if (build_root != NULL)
    {
      g_autofree char *localedir = g_build_filename (build_root, "po", NULL);

      bindtextdomain (GETTEXT_PACKAGE, localedir);
    }
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_init ();
  /* Screens switch at once and screenshots show the settled picture. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/touch/%s/%dx%d",
                                               kv_role_to_string (cases[i].role),
                                               cases[i].width, cases[i].height);

      g_autofree char *stopped_path = g_strconcat (path, "/stopped", NULL);

      g_test_add (path, KvUiFixture, &cases[i], setup, test_every_screen, teardown);
      g_test_add (stopped_path, KvUiFixture, &cases[i], setup, test_stopped_screen, teardown);
    }
  g_test_add ("/ui/touch/unmarked-button-fails", KvUiFixture, &cases[1],
              setup, test_unmarked_button_fails, teardown);
  return g_test_run ();
}
