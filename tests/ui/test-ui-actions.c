/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-ui-actions"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "kv-sticker-layer.h"
#include "kv-not-ok-button.h"
#include "kv-staff-sheet.h"
#include "kv-ui-test-utils.h"
#include "kv-visit-screen.h"

/* What children and staff do, through the window's actions (as the
 * buttons do): stickers, the language button, the staff PIN and panel,
 * and that nobody but staff can close the kiosk. */

static void
setup (KvUiFixture   *f,
       gconstpointer  data)
{
  kv_ui_fixture_setup (f, KV_ROLE_COMMUNITY, 3);
}

static void
setup_prison (KvUiFixture   *f,
              gconstpointer  data)
{
  kv_ui_fixture_setup (f, KV_ROLE_PRISON, 3);
}

static void
setup_prison_unsupervised (KvUiFixture   *f,
                           gconstpointer  data)
{
  kv_ui_fixture_setup_full (f, KV_ROLE_PRISON, 3, "supervised=false\nlanguage=en\n");
}

static void
teardown (KvUiFixture   *f,
          gconstpointer  data)
{
  kv_ui_fixture_teardown (f);
}

static gboolean
play_messages_contain (KvFakeCall *call,
                       const char *needle)
{
  GPtrArray *sent = kv_fake_call_get_sent_play_messages (call);

  for (guint i = 0; i < sent->len; i++)
    if (strstr (g_ptr_array_index (sent, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_stickers (KvUiFixture   *f,
               gconstpointer  data)
{
  KvStickerLayer *layer = kv_window_get_sticker_layer (f->window);
  KvFakeCall *call;

  kv_ui_fixture_sign_in (f);
  /* Between visits the tray does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "visit.send-sticker", "s", "heart");
  g_assert_cmpuint (kv_sticker_layer_get_n_stickers (layer), ==, 0);

  kv_ui_fixture_go_live (f);
  call = kv_ui_fixture_call (f);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "visit.send-sticker", "s", "rabbit");
  /* It goes to the other kiosk, and floats up here too. */
  g_assert_true (play_messages_contain (call, "\"rabbit\""));
  g_assert_true (kv_sticker_layer_has_sticker (layer, "rabbit", FALSE));
  g_assert_false (kv_sticker_layer_has_sticker (layer, "rabbit", TRUE));

  /* The other side's sticker floats up on our screen, with a sound. */
  kv_fake_call_receive_play_message (call, "{\"sticker\":\"fish\"}");
  g_assert_true (kv_sticker_layer_has_sticker (layer, "fish", TRUE));
  g_assert_cmpstr (kv_cue_player_get_last (f->cues), ==, "sticker");

  /* Unknown ones (from a button or from the peer) show nothing. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "visit.send-sticker", "s", "dragon");
  kv_fake_call_receive_play_message (call, "{\"sticker\":\"<script>\"}");
  g_assert_cmpuint (kv_sticker_layer_get_n_stickers (layer), ==, 2);
  g_assert_false (play_messages_contain (call, "dragon"));

  /* Stickers keep working in the goodbye minute. */
  kv_ui_fixture_advance_to (f, kv_test_time (10, 59, 0));
  kv_ui_fixture_receive (f, kv_fake_message_goodbye (KV_TEST_BOOKING, kv_test_time (11, 0, 0)));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "visit.send-sticker", "s", "heart");
  g_assert_true (kv_sticker_layer_has_sticker (layer, "heart", FALSE));
}

static void
test_language (KvUiFixture   *f,
               gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  GtkWidget *button = kv_window_get_language_button (f->window);

  kv_ui_fixture_sign_in (f);
  kv_ui_assert_visible_text (window, "Next visit with Dad");
  kv_ui_assert_visible_text (button, "English");

  gtk_widget_activate_action (window, "kiosk.set-language", "s", "fr");
  g_assert_cmpstr (kv_language_get_current (kv_window_get_language (f->window)), ==, "fr");
  kv_ui_assert_visible_text (window, "Prochaine visite avec Dad");
  kv_ui_assert_visible_text (window, "La visite a lieu aujourd’hui à 10:30");
  kv_ui_assert_visible_text (button, "Français");

  gtk_widget_activate_action (window, "kiosk.set-language", "s", "pl");
  kv_ui_assert_visible_text (window, "Dzisiaj!");
  kv_ui_assert_visible_text (button, "Polski");

  gtk_widget_activate_action (window, "kiosk.set-language", "s", "hr");
  kv_ui_assert_visible_text (window, "Danas!");

  /* Not offered: nothing changes, nothing breaks. */
  gtk_widget_activate_action (window, "kiosk.set-language", "s", "xx");
  g_assert_cmpstr (kv_language_get_current (kv_window_get_language (f->window)), ==, "hr");

  /* The visit screen follows too. */
  kv_ui_fixture_go_live (f);
  gtk_widget_activate_action (window, "kiosk.set-language", "s", "fr");
  kv_ui_assert_visible_text (window, "Encore 30 minutes");
  kv_ui_save_screenshot (f, "visit-fr");

  gtk_widget_activate_action (window, "kiosk.set-language", "s", "en");
  kv_ui_assert_visible_text (window, "30 minutes left");
}

static void
test_staff_pin (KvUiFixture   *f,
                gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  KvStaffPinPad *pad = kv_window_get_pin_pad (f->window);

  kv_ui_fixture_sign_in (f);
  kv_ui_fixture_join (f);

  /* Locked: staff actions do nothing. */
  g_assert_null (kv_window_get_staff_page (f->window));
  gtk_widget_activate_action (window, "staff.confirm", NULL);
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_CONFIRM), ==, 0);

  gtk_widget_activate_action (window, "staff.open", NULL);
  g_assert_cmpstr (kv_window_get_staff_page (f->window), ==, "pin");

  /* Wrong PINs: told how many tries are left, then locked out. */
  kv_ui_fixture_enter_pin (f, "1111");
  g_assert_cmpstr (kv_window_get_staff_page (f->window), ==, "pin");
  kv_ui_assert_visible_text (window, "Wrong PIN. 2 attempts left.");
  kv_ui_fixture_enter_pin (f, "");
  kv_ui_assert_visible_text (window, "Wrong PIN. 1 attempt left.");
  kv_ui_fixture_enter_pin (f, "9999");
  kv_ui_assert_visible_text (window, "Try again in 5:00");
  kv_ui_save_screenshot (f, "staff-locked-out");

  /* The countdown runs; even the right PIN waits for it. */
  kv_fake_clock_advance_seconds (KV_FAKE_CLOCK (f->clock), 30);
  kv_ui_assert_visible_text (window, "Try again in 4:30");
  kv_ui_fixture_enter_pin (f, KV_TEST_PIN);
  g_assert_cmpstr (kv_window_get_staff_page (f->window), ==, "pin");
  g_assert_false (kv_staff_lock_get_unlocked (f->lock));

  /* Meanwhile the sheet closed by itself (a minute untouched). */
  kv_fake_clock_advance_seconds (KV_FAKE_CLOCK (f->clock), 4 * 60 + 31);
  g_assert_null (kv_window_get_staff_page (f->window));
  gtk_widget_activate_action (window, "staff.open", NULL);
  kv_ui_fixture_enter_pin (f, KV_TEST_PIN);
  g_assert_cmpstr (kv_window_get_staff_page (f->window), ==, "panel");
  g_assert_null (kv_staff_pin_pad_get_message (pad));

  /* Unlocked: confirm goes to the server. */
  gtk_widget_activate_action (window, "staff.confirm", NULL);
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_CONFIRM), ==, 1);
  kv_ui_assert_visible_text (window, "Confirmed.");

  /* Left alone for a minute, the panel locks itself. */
  kv_fake_clock_advance_seconds (KV_FAKE_CLOCK (f->clock), KV_STAFF_SHEET_IDLE_US / G_USEC_PER_SEC + 1);
  g_assert_null (kv_window_get_staff_page (f->window));
  g_assert_false (kv_staff_lock_get_unlocked (f->lock));
  gtk_widget_activate_action (window, "staff.confirm", NULL);
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_CONFIRM), ==, 1);
}

static const char *
staff_status (KvUiFixture *f)
{
  return kv_staff_panel_get_status (kv_window_get_staff_panel (f->window));
}

/* Staff's visit actions (KvStaffVisitActions in the panel) reach the
 * controller and the wire through the window's "visit.*" actions, only
 * once the PIN opened the lock; what the controller refuses is said to
 * staff in words. */
static void
test_staff_visit_actions (KvUiFixture   *f,
                          gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  KvStaffVisitActions *actions = kv_staff_panel_get_visit_actions (kv_window_get_staff_panel (f->window));
  const KvMessage *sent;

  kv_ui_fixture_sign_in (f);
  kv_ui_fixture_go_live (f);

  /* Locked: nothing goes out. */
  gtk_widget_activate_action (window, "visit.goodbye-now", "(ss)", "child-upset", "");
  gtk_widget_activate_action (window, "visit.pause", "s", "child-needs-a-moment");
  gtk_widget_activate_action (window, "visit.safeguarding-stop", NULL);
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_STAFF_END), ==, 0);
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_PAUSE), ==, 0);

  kv_ui_fixture_unlock_staff (f);
  g_assert_true (kv_staff_visit_actions_get_live (actions));
  g_assert_false (kv_staff_visit_actions_get_paused (actions));

  /* A side resumes only its own pause: the controller's words. */
  gtk_widget_activate_action (window, "visit.resume", NULL);
  g_assert_cmpstr (staff_status (f), ==, "The visit is not paused.");

  gtk_widget_activate_action (window, "visit.pause", "s", "child-needs-a-moment");
  sent = kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_PAUSE);
  g_assert_nonnull (sent);
  g_assert_true (sent->pause.paused);
  g_assert_cmpint (sent->pause.category, ==, KV_PAUSE_CATEGORY_CHILD_NEEDS_A_MOMENT);
  kv_ui_fixture_receive_live_session (f, KV_SIDE_COMMUNITY, KV_PAUSE_CATEGORY_CHILD_NEEDS_A_MOMENT,
                                      KV_SIDE_NONE, FALSE);
  g_assert_cmpstr (kv_window_get_visible_screen (f->window), ==, "paused");
  g_assert_true (kv_staff_visit_actions_get_paused (actions));

  gtk_widget_activate_action (window, "visit.resume", NULL);
  sent = kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_PAUSE);
  g_assert_false (sent->pause.paused);
  kv_ui_fixture_receive_live_session (f, KV_SIDE_NONE, KV_PAUSE_CATEGORY_NONE, KV_SIDE_NONE, FALSE);
  g_assert_cmpstr (kv_window_get_visible_screen (f->window), ==, "visit");
  g_assert_false (kv_staff_visit_actions_get_paused (actions));

  gtk_widget_activate_action (window, "visit.mute", "b", TRUE);
  sent = kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_MUTE);
  g_assert_nonnull (sent);
  g_assert_true (sent->mute.muted);
  kv_ui_fixture_receive_live_session (f, KV_SIDE_NONE, KV_PAUSE_CATEGORY_NONE, KV_SIDE_COMMUNITY,
                                      FALSE);
  g_assert_true (kv_staff_visit_actions_get_muted (actions));

  /* A category the kiosk does not know never reaches the server. */
  gtk_widget_activate_action (window, "visit.goodbye-now", "(ss)", "bored", "");
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_STAFF_END), ==, 0);
  kv_ui_assert_visible_text (window, "Say why the visit ends");

  gtk_widget_activate_action (window, "visit.goodbye-now", "(ss)", "child-upset", "");
  sent = kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_STAFF_END);
  g_assert_nonnull (sent);
  g_assert_cmpint (sent->staff_end.category, ==, KV_END_CATEGORY_CHILD_UPSET);
  kv_ui_assert_visible_text (window, "The goodbye has started; the visit ends after it.");
  {
    KvMessage *goodbye = kv_fake_message_goodbye (KV_TEST_BOOKING, kv_test_time (10, 31, 0));

    goodbye->goodbye.category = KV_END_CATEGORY_CHILD_UPSET;
    kv_ui_fixture_receive (f, goodbye);
  }
  g_assert_true (kv_staff_visit_actions_get_in_goodbye (actions));
  gtk_widget_activate_action (window, "staff.close", NULL);
  g_assert_cmpstr (kv_window_get_visible_screen (f->window), ==, "goodbye");
  kv_ui_fixture_receive_staff_end (f, KV_END_CATEGORY_CHILD_UPSET);
  g_assert_true (kv_fake_call_get_stopped (kv_ui_fixture_call (f)));
  g_assert_cmpstr (kv_window_get_visible_screen (f->window), ==, "after");
}

/* The safeguarding stop, from the panel's confirm step: the child's
 * kiosk shows the calm safeguarding screen, never the after screen. */
static void
test_safeguarding_stop (KvUiFixture   *f,
                        gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  const KvMessage *sent;

  kv_ui_fixture_sign_in (f);
  kv_ui_fixture_go_live (f);
  kv_ui_fixture_unlock_staff (f);
  gtk_widget_activate_action (window, "visit.safeguarding-stop", NULL);
  sent = kv_fake_signaller_get_last_sent (f->signaller, KV_MESSAGE_STAFF_END);
  g_assert_nonnull (sent);
  g_assert_cmpint (sent->staff_end.category, ==, KV_END_CATEGORY_SAFEGUARDING);
  kv_ui_fixture_receive_staff_end (f, KV_END_CATEGORY_SAFEGUARDING);
  gtk_widget_activate_action (window, "staff.close", NULL);
  kv_ui_wait_for_paint (window);
  g_assert_cmpstr (kv_window_get_visible_screen (f->window), ==, "stopped");
  kv_ui_assert_visible_text (window, "The visit has finished for today.");
  kv_ui_assert_visible_text (window, "A helper is here with you.");
}

static GtkWidget *
not_ok_button (KvUiFixture *f)
{
  return kv_visit_screen_get_not_ok_button (KV_VISIT_SCREEN (kv_window_get_screen (f->window,
                                                                                   "visit")));
}

/* The child's "I'm not OK": to staff (the wire, their corner, the panel),
 * a gentle "a helper is coming" for the child until staff say "Seen". */
static void
test_not_ok (KvUiFixture   *f,
             gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  GtkWidget *button = not_ok_button (f);
  KvStaffVisitActions *actions = kv_staff_panel_get_visit_actions (kv_window_get_staff_panel (f->window));

  kv_ui_fixture_sign_in (f);
  kv_ui_fixture_go_live (f);
  kv_ui_wait_for_paint (window);
  g_assert_true (gtk_widget_is_drawable (button));
  g_assert_false (gtk_widget_get_visible (kv_window_get_staff_alert (f->window)));

  g_assert_true (gtk_widget_activate_action (button, "not-ok.press", NULL));
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_CHILD_ALERT), ==, 1);
  g_assert_true (kv_not_ok_button_get_acknowledged (KV_NOT_OK_BUTTON (button)));
  kv_ui_assert_visible_text (window, "A helper is coming");
  /* Staff learn of it without opening the panel. */
  g_assert_true (gtk_widget_get_visible (kv_window_get_staff_alert (f->window)));
  kv_ui_assert_visible_text (window, "Staff: see panel");

  /* Not a signal the acknowledgement times out of: it waits for staff. */
  kv_fake_clock_advance_seconds (KV_FAKE_CLOCK (f->clock), 60);
  g_assert_true (kv_not_ok_button_get_acknowledged (KV_NOT_OK_BUTTON (button)));

  kv_ui_fixture_unlock_staff (f);
  g_assert_true (kv_staff_visit_actions_get_child_alert (actions));
  kv_ui_assert_visible_text (window, "The child pressed “I’m not OK”");
  gtk_widget_activate_action (window, "visit.child-alert-seen", NULL);
  g_assert_false (kv_visit_controller_get_child_alert (f->controller));
  g_assert_false (kv_staff_visit_actions_get_child_alert (actions));
  g_assert_false (gtk_widget_get_visible (kv_window_get_staff_alert (f->window)));
  g_assert_false (kv_not_ok_button_get_acknowledged (KV_NOT_OK_BUTTON (button)));
}

/* The prison kiosk: no "I'm not OK", no supervision sign for the child's
 * side, whatever the session says; its own "Supervised visit" stays. */
static void
test_prison_has_no_child_signs (KvUiFixture   *f,
                                gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  KvVisitScreen *visit = KV_VISIT_SCREEN (kv_window_get_screen (f->window, "visit"));

  kv_ui_fixture_sign_in (f);
  kv_ui_fixture_go_live (f);
  kv_ui_fixture_receive_live_session (f, KV_SIDE_NONE, KV_PAUSE_CATEGORY_NONE, KV_SIDE_NONE, TRUE);
  kv_ui_wait_for_paint (window);
  g_assert_cmpstr (kv_window_get_visible_screen (f->window), ==, "visit");
  g_assert_false (gtk_widget_is_drawable (kv_visit_screen_get_not_ok_button (visit)));
  g_assert_false (gtk_widget_is_drawable (kv_visit_screen_get_supervision_badge (visit)));
  gtk_widget_activate_action (kv_visit_screen_get_not_ok_button (visit), "not-ok.press", NULL);
  gtk_widget_activate_action (window, "visit.child-alert", NULL);
  g_assert_cmpuint (kv_fake_signaller_count_sent (f->signaller, KV_MESSAGE_CHILD_ALERT), ==, 0);
  g_assert_false (gtk_widget_get_visible (kv_window_get_staff_alert (f->window)));
  g_assert_true (gtk_widget_get_visible (kv_window_get_supervised_badge (f->window)));
}

/* A prison kiosk in a room that is not supervised does not say it is. */
static void
test_prison_unsupervised_room (KvUiFixture   *f,
                               gconstpointer  data)
{
  g_assert_false (kv_visit_controller_get_room_supervised (f->controller));
  g_assert_false (gtk_widget_get_visible (kv_window_get_supervised_badge (f->window)));
  kv_ui_fixture_sign_in (f);
  kv_ui_fixture_go_live (f);
  kv_ui_wait_for_paint (GTK_WIDGET (f->window));
  g_assert_false (gtk_widget_get_visible (kv_window_get_supervised_badge (f->window)));
}

/* The community kiosk shows the supervision sign while, and only while,
 * the session says the prison side is supervised. */
static void
test_supervision_badge (KvUiFixture   *f,
                        gconstpointer  data)
{
  KvVisitScreen *visit = KV_VISIT_SCREEN (kv_window_get_screen (f->window, "visit"));
  GtkWidget *badge = kv_visit_screen_get_supervision_badge (visit);

  kv_ui_fixture_sign_in (f);
  kv_ui_fixture_go_live (f);
  kv_ui_wait_for_paint (GTK_WIDGET (f->window));
  g_assert_false (gtk_widget_is_drawable (badge));
  kv_ui_fixture_receive_live_session (f, KV_SIDE_NONE, KV_PAUSE_CATEGORY_NONE, KV_SIDE_NONE, TRUE);
  kv_ui_wait_for_paint (GTK_WIDGET (f->window));
  g_assert_true (gtk_widget_is_drawable (badge));
  kv_ui_assert_visible_text (GTK_WIDGET (f->window), "A helper can see and hear");
  g_assert_false (gtk_widget_get_visible (kv_window_get_supervised_badge (f->window)));
  kv_ui_fixture_receive_live_session (f, KV_SIDE_NONE, KV_PAUSE_CATEGORY_NONE, KV_SIDE_NONE, FALSE);
  g_assert_false (gtk_widget_get_visible (badge));
}

/* Whether the window is still one of the app's windows (GTK4 emits
 * "destroy" only at dispose, and the test holds a reference). */
static gboolean
is_open (GtkWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) item = g_list_model_get_item (toplevels, i);

      if (item == window)
        return gtk_widget_get_realized (GTK_WIDGET (window));
    }
  return FALSE;
}

static void
test_cannot_close (KvUiFixture   *f,
                   gconstpointer  data)
{
  kv_ui_fixture_sign_in (f);
  g_assert_true (is_open (GTK_WINDOW (f->window)));

  /* A close request (window manager, Alt+F4 under a desktop) is refused. */
  gtk_window_close (GTK_WINDOW (f->window));
  kv_ui_wait_for_paint (GTK_WIDGET (f->window));
  g_assert_true (is_open (GTK_WINDOW (f->window)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->window)));

  /* Exit is a staff action: nothing happens while locked. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "staff.exit", NULL);
  g_assert_true (is_open (GTK_WINDOW (f->window)));

  kv_ui_fixture_unlock_staff (f);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "staff.exit", NULL);
  g_assert_false (is_open (GTK_WINDOW (f->window)));
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
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/ui/actions/stickers", KvUiFixture, NULL, setup, test_stickers, teardown);
  g_test_add ("/ui/actions/language", KvUiFixture, NULL, setup, test_language, teardown);
  g_test_add ("/ui/actions/staff-pin", KvUiFixture, NULL, setup, test_staff_pin, teardown);
  g_test_add ("/ui/actions/staff-visit-actions", KvUiFixture, NULL, setup,
              test_staff_visit_actions, teardown);
  g_test_add ("/ui/actions/safeguarding-stop", KvUiFixture, NULL, setup,
              test_safeguarding_stop, teardown);
  g_test_add ("/ui/actions/not-ok", KvUiFixture, NULL, setup, test_not_ok, teardown);
  g_test_add ("/ui/actions/prison-no-child-signs", KvUiFixture, NULL, setup_prison,
              test_prison_has_no_child_signs, teardown);
  g_test_add ("/ui/actions/prison-unsupervised-room", KvUiFixture, NULL,
              setup_prison_unsupervised, test_prison_unsupervised_room, teardown);
  g_test_add ("/ui/actions/supervision-badge", KvUiFixture, NULL, setup,
              test_supervision_badge, teardown);
  g_test_add ("/ui/actions/cannot-close", KvUiFixture, NULL, setup, test_cannot_close, teardown);
  return g_test_run ();
}
